import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { formatTurkeyTime } from '../domain/consent/dates.js';
import type {
  ConsentRecord,
  ConsentSource,
  ConsentState,
  ConsentStatus,
  ConsentType,
  RecipientType,
} from '../domain/consent/types.js';
import {
  type FeedGroup,
  feedShard,
  feedSortKey,
  hourBucket,
  transactionId,
  txnDigest,
  txnSeconds,
} from '../domain/movement.js';
import { documents } from './aws.js';
import { getAll, putAll } from './dynamo-batch.js';
import { config, env } from './env.js';
import { mapLimit } from './map-limit.js';

/**
 * The Consents table (docs/data-model.md):
 * - state      pk C#{iysCode}#{brandCode}#{providerIndex}   sk S#{recipientType}#{type}
 * - recipient  pk R#{registryIndex}                         sk {iysCode}   (set of the provider's consents)
 * - movement page pk F#{iysCode}#{brandCode}#{HS|IYS}#{yyyyMMddHH}#{shard}  sk {unixSeconds}#{bucket}
 *   (a movement's key, `movementKey`, is that pk with sk {unixSeconds}#{transactionId}: see `putMovements`)
 * - activity   pk A#{iysCode}#{brandCode}#{HS|IYS}           sk {yyyyMMddHH}   (hours that have movements)
 * - day        pk D#{yyyyMMdd}                               sk {iysCode}#{brandCode} (brands with movements)
 * Indexes are HMACs; addresses and records are only in `ct` (AES-GCM under the provider's data key).
 */
export interface StateItem {
  pk: string;
  sk: string;
  kind: 'STATE';
  iysCode: number;
  brandCode: number;
  recipientType: RecipientType;
  type: ConsentType;
  status: ConsentStatus;
  source?: ConsentSource;
  /** consentDate as epoch ms (absent for a dateless TACIR record). */
  cd?: number;
  /** creationDate as epoch seconds. */
  cr: number;
  txn: string;
  seq: number;
  /** The consent's movements, oldest first: `{unixSeconds}|{transactionId}|{HS|IYS}`. */
  refs: string[];
  retailerCode?: number;
  retailerAccess?: number[];
  /** Registry-wide recipient index (for the recipient side). */
  ridx: string;
  dk: Uint8Array;
  ct: Uint8Array;
  /**
   * Earlier movements of this consent that may not be written as movement items yet (created after the
   * change feed's watermark when this state was written), newest last: history reads them here until the
   * stream consumer has written them (functions/app/consents.ts). Usually absent.
   */
  pend?: PendingMovement[];
}

/** An earlier state kept inline: the movement it was, with its data key only when it differs. */
export type PendingMovement = Omit<StateItem, 'pk' | 'sk' | 'kind' | 'refs' | 'pend' | 'ridx' | 'dk'> & {
  dk?: Uint8Array;
};

export interface MovementItem extends Omit<StateItem, 'kind' | 'refs' | 'seq' | 'pend' | 'ridx'> {
  kind: 'MOVE';
  seq: number;
}

/** At most this many earlier movements are kept inline (a consent changed this often within seconds). */
export const MAX_PENDING = 8;

/**
 * The inline list for a state written on top of `current`: its own movement and the earlier ones kept,
 * except those created at or before the watermark (written by now, by the watermark's definition).
 */
export function pendingOf(
  current: StateItem,
  watermark: number,
  dk: Uint8Array,
): PendingMovement[] | undefined {
  const { pk: _pk, sk: _sk, kind: _k, refs: _r, pend, ridx: _x, dk: currentDk, ...record } = current;
  const kept = (pend ?? []).filter((m) => m.cr > watermark);
  if (current.cr > watermark) kept.push(sameKey(currentDk, dk) ? record : { ...record, dk: currentDk });
  return kept.length ? kept.slice(-MAX_PENDING) : undefined;
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}

/**
 * The items of a consent's movements named by refs: the movement items read, else the state itself (its
 * newest movement) or an earlier one it keeps inline (not written yet), with the state's data key.
 */
export function movementsOfRefs(
  state: StateItem,
  refs: { txn: string }[],
  written: MovementItem[],
): (MovementItem | StateItem | (PendingMovement & { dk: Uint8Array }))[] {
  const byTxn = new Map(written.map((i) => [i.txn, i]));
  const out = [];
  for (const r of refs) {
    const item =
      byTxn.get(r.txn) ??
      (state.txn === r.txn ? state : undefined) ??
      (() => {
        const p = state.pend?.find((m) => m.txn === r.txn);
        return p ? { ...p, dk: p.dk ?? state.dk } : undefined;
      })();
    if (item) out.push(item);
  }
  return out;
}

const table = () => env.consentsTable();
const db = () => documents();
export const feedShards = () => config().IYS_FEED_SHARDS;

export function stateKey(
  iysCode: number,
  brandCode: number,
  providerIndex: string,
  rt: RecipientType,
  type: ConsentType,
) {
  return { pk: `C#${iysCode}#${brandCode}#${providerIndex}`, sk: `S#${rt}#${type}` };
}

/** A feed partition: one brand's movements of one group, hour and shard. */
export function feedPartitionKey(
  iysCode: number,
  brandCode: number,
  group: FeedGroup,
  hour: string,
  shard: number,
): string {
  return `F#${iysCode}#${brandCode}#${group}#${hour}#${shard}`;
}

export function movementKey(
  iysCode: number,
  brandCode: number,
  group: FeedGroup,
  seconds: number,
  txn: string,
) {
  return {
    pk: feedPartitionKey(iysCode, brandCode, group, hourBucket(seconds), feedShard(txn, feedShards())),
    sk: feedSortKey(seconds, txn),
  };
}

export function refOf(seconds: number, txn: string, group: FeedGroup): string {
  return `${seconds}|${txn}|${group}`;
}

export function parseRef(ref: string): { seconds: number; txn: string; group: FeedGroup } {
  const [s, txn, group] = ref.split('|') as [string, string, FeedGroup];
  return { seconds: Number(s), txn, group };
}

export async function getState(key: { pk: string; sk: string }): Promise<StateItem | undefined> {
  const r = await db().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
  return r.Item as StateItem | undefined;
}

/**
 * Writes a new state conditionally: only on top of the version read (`seq`), or only if none exists.
 * This is the commit point of a movement; the stream turns each committed state into a movement item.
 */
export async function putState(item: StateItem, expectedSeq: number | undefined): Promise<'ok' | 'conflict'> {
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: item,
        ConditionExpression: expectedSeq === undefined ? 'attribute_not_exists(pk)' : 'seq = :seq',
        ...(expectedSeq === undefined ? {} : { ExpressionAttributeValues: { ':seq': expectedSeq } }),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    return 'ok';
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return 'conflict';
    throw e;
  }
}

export interface StateWrite {
  item: StateItem;
  /** The version the new state replaces; undefined: the consent must not exist yet. */
  expectedSeq: number | undefined;
}

/**
 * A batch's conditional writes, issued together (DynamoDB has no conditional batch write; a transaction
 * would cost twice the write units and fail whole on one conflict). Answers in the writes' order.
 */
export function putStates(writes: StateWrite[], concurrency = 16): Promise<('ok' | 'conflict')[]> {
  return mapLimit(writes, concurrency, (w) => putState(w.item, w.expectedSeq));
}

/** New consents into the recipient index, issued together. */
export async function putRecipientIndexes(states: StateItem[], concurrency = 16): Promise<void> {
  await mapLimit(states, concurrency, putRecipientIndex);
}

/**
 * Adds a consent to the registry-wide recipient index: one item per (address, provider), holding the
 * provider's consents of that address as a string set (`{brandCode}|{recipientType}|{type}|{providerIndex}`).
 * ADD to a set is idempotent, and the item's creation (a stream INSERT) is how the provider's address count
 * (usedConsentLimit) grows: no extra write per consent.
 */
export async function putRecipientIndex(s: StateItem): Promise<void> {
  const providerIndex = s.pk.split('#')[3]!;
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: recipientIndexKey(s.ridx, s.iysCode),
      UpdateExpression: 'ADD consents :c SET kind = :k, iysCode = :i',
      ExpressionAttributeValues: {
        ':c': new Set([`${s.brandCode}|${s.recipientType}|${s.type}|${providerIndex}`]),
        ':k': 'RINDEX',
        ':i': s.iysCode,
      },
    }),
  );
}

export function recipientIndexKey(ridx: string, iysCode: number) {
  return { pk: `R#${ridx}`, sk: String(iysCode) };
}

/** Which of these addresses (registry indexes) the provider already holds a consent for (the H525 gate). */
export async function heldAddresses(ridxs: string[], iysCode: number): Promise<string[]> {
  const found = await getAll<{ pk: string }>(
    table(),
    ridxs.map((r) => recipientIndexKey(r, iysCode)),
    { expression: 'pk' },
  );
  return found.map((f) => f.pk.slice(2));
}

export interface RecipientRef {
  iysCode: number;
  brandCode: number;
  recipientType: RecipientType;
  type: ConsentType;
  statePk: string;
  stateSk: string;
}

/** Every consent held for an address, across providers and brands (one query). */
export async function recipientIndex(ridx: string): Promise<RecipientRef[]> {
  const out: RecipientRef[] = [];
  for await (const r of paginateQuery(
    { client: db() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `R#${ridx}` },
    },
  )) {
    for (const i of r.Items ?? []) {
      for (const entry of (i.consents as Set<string> | undefined) ?? []) {
        const [brand, rt, type, providerIndex] = entry.split('|') as [
          string,
          RecipientType,
          ConsentType,
          string,
        ];
        const key = stateKey(i.iysCode as number, Number(brand), providerIndex, rt, type);
        out.push({
          iysCode: i.iysCode as number,
          brandCode: Number(brand),
          recipientType: rt,
          type,
          statePk: key.pk,
          stateSk: key.sk,
        });
      }
    }
  }
  return out;
}

/** Status of many states in ≤ ⌈n/100⌉ requests (batchConsentStatus). */
export function getStatuses(
  keys: { pk: string; sk: string }[],
): Promise<{ pk: string; sk: string; status: ConsentStatus }[]> {
  return getAll(table(), keys, { expression: 'pk, sk, #s', names: { '#s': 'status' } });
}

/**
 * States before a write, consistent: a write decided on a stale version would only fail its condition, but
 * a retry must see the version that beat it.
 */
export function getStates(keys: { pk: string; sk: string }[]): Promise<StateItem[]> {
  return getAll(table(), keys, undefined, true);
}

/**
 * Movements by their keys (`movementKey`): one read per page that holds them (a consent's history of 10
 * movements is ≤ 10 page reads in one BatchGetItem, fewer when they share a second). Missing ones are absent.
 */
export async function getMovements(keys: { pk: string; sk: string }[]): Promise<MovementItem[]> {
  const pages = new Map<string, { pk: string; sk: string }>();
  for (const k of keys) {
    const p = { pk: k.pk, sk: pageSortKey(k.sk) };
    pages.set(`${p.pk}|${p.sk}`, p);
  }
  const wanted = new Set(keys.map((k) => `${k.pk}|${k.sk}`));
  const out: MovementItem[] = [];
  for (const page of await getAll<PageItem>(table(), [...pages.values()]))
    for (const m of movementsOfPage(page)) if (wanted.has(`${m.pk}|${m.sk}`)) out.push(m);
  return out;
}

/**
 * Movement pages (docs/data-model.md): the movements of one feed partition (brand, group, hour, shard) and
 * creation second, split in PAGE_BUCKETS by the digest's first hex digit, one top-level attribute per
 * movement (`m` + the digest's first 16 hex digits) and one per data key (`k` + its id). Entries are set by
 * name, so a redelivered or differently cut stream batch rewrites the same entries, never adds a duplicate;
 * a page's sort key (`{seconds}#{bucket}`) sorts before every movement it holds, so the feed's order and
 * cursor (`{seconds}#{transactionId}`) are kept. An update costs the page's size after it (1 unit per KB),
 * so a page written by one stream batch costs ~0.15 unit per movement.
 */
export const PAGE_BUCKETS = 4;
/** Entries per UpdateItem: keeps the expression under DynamoDB's 4 KB. */
const ENTRIES_PER_UPDATE = 100;

interface PageItem {
  pk: string;
  sk: string;
  kind: 'PAGE';
  [attribute: string]: unknown;
}

/** What a page keeps of a movement; the rest follows from the page's key and the entry's name. */
interface PageEntry {
  /** The digest after its first 16 hex digits, as bytes. */
  d: Uint8Array;
  s: ConsentStatus;
  o?: ConsentSource;
  c?: number;
  t: ConsentType;
  r: RecipientType;
  q: number;
  rc?: number;
  ra?: number[];
  x: Uint8Array;
  /** Id of the data key (the page's `k{id}` attribute). */
  k: string;
}

/** The page that holds a movement (or, for a cursor, the first page that may hold what follows it). */
export function pageSortKey(movementSk: string): string {
  const seconds = movementSk.slice(0, 10);
  const txn = movementSk.slice(11);
  if (txn.length <= 8 || !/^[0-9a-f]$/.test(txn[8]!)) return movementSk;
  return `${seconds}#${Math.floor((Number.parseInt(txn[8]!, 16) * PAGE_BUCKETS) / 16)}`;
}

const keyIdOf = (dk: Uint8Array) => createHash('sha256').update(dk).digest('base64url').slice(0, 8);

function entryOf(m: MovementItem): [string, PageEntry] {
  const digest = txnDigest(m.txn);
  return [
    `m${digest.slice(0, 16)}`,
    {
      d: Buffer.from(digest.slice(16), 'hex'),
      s: m.status,
      ...(m.source ? { o: m.source } : {}),
      ...(m.cd !== undefined ? { c: m.cd } : {}),
      t: m.type,
      r: m.recipientType,
      q: m.seq,
      ...(m.retailerCode !== undefined ? { rc: m.retailerCode } : {}),
      ...(m.retailerAccess?.length ? { ra: m.retailerAccess } : {}),
      x: m.ct,
      k: keyIdOf(m.dk),
    },
  ];
}

/** The movements a page holds, in the feed's order. */
export function movementsOfPage(page: Record<string, unknown>): MovementItem[] {
  const [, iys, brand] = (page.pk as string).split('#');
  const seconds = Number((page.sk as string).slice(0, 10));
  const out: MovementItem[] = [];
  for (const [name, value] of Object.entries(page)) {
    if (name[0] !== 'm' || name.length !== 17) continue;
    const e = value as PageEntry;
    const txn = transactionId(seconds, name.slice(1) + Buffer.from(e.d).toString('hex'));
    out.push({
      pk: page.pk as string,
      sk: feedSortKey(seconds, txn),
      kind: 'MOVE',
      iysCode: Number(iys),
      brandCode: Number(brand),
      recipientType: e.r,
      type: e.t,
      status: e.s,
      ...(e.o ? { source: e.o } : {}),
      ...(e.c !== undefined ? { cd: e.c } : {}),
      cr: seconds,
      txn,
      seq: e.q,
      ...(e.rc !== undefined ? { retailerCode: e.rc } : {}),
      ...(e.ra ? { retailerAccess: [...e.ra] } : {}),
      dk: page[`k${e.k}`] as Uint8Array,
      ct: e.x,
    });
  }
  return out.sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
}

/**
 * Writes movements into their pages: one UpdateItem per page (per 100 entries), issued together. Idempotent:
 * the same movement always lands on the same entry with the same content.
 */
export async function putMovements(movements: MovementItem[], concurrency = 16): Promise<number> {
  const pages = new Map<
    string,
    { pk: string; sk: string; entries: Map<string, PageEntry>; keys: Map<string, Uint8Array> }
  >();
  for (const m of movements) {
    if (txnSeconds(m.txn) !== m.cr) throw new Error("a movement is filed under its transactionId's second");
    const sk = pageSortKey(m.sk);
    const id = `${m.pk}|${sk}`;
    const page = pages.get(id) ?? { pk: m.pk, sk, entries: new Map(), keys: new Map() };
    const [name, entry] = entryOf(m);
    page.entries.set(name, entry);
    page.keys.set(entry.k, m.dk);
    pages.set(id, page);
  }
  const updates: { pk: string; sk: string; entries: [string, PageEntry][]; keys: Map<string, Uint8Array> }[] =
    [];
  for (const p of pages.values()) {
    const all = [...p.entries];
    for (let i = 0; i < all.length; i += ENTRIES_PER_UPDATE) {
      const entries = all.slice(i, i + ENTRIES_PER_UPDATE);
      const keys = new Map(entries.map(([, e]) => [e.k, p.keys.get(e.k)!]));
      updates.push({ pk: p.pk, sk: p.sk, entries, keys });
    }
  }
  await mapLimit(updates, concurrency, async (u) => {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':kind': 'PAGE' };
    const sets = ['kind = :kind'];
    u.entries.forEach(([name, entry], i) => {
      names[`#m${i}`] = name;
      values[`:m${i}`] = entry;
      sets.push(`#m${i} = :m${i}`);
    });
    [...u.keys].forEach(([id, dk], i) => {
      names[`#k${i}`] = `k${id}`;
      values[`:k${i}`] = dk;
      sets.push(`#k${i} = :k${i}`);
    });
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: u.pk, sk: u.sk },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  });
  return updates.length;
}

/** Idempotent writes of many items (movements, markers). */
export function putItems(items: Record<string, unknown>[]): Promise<void> {
  return putAll(table(), items);
}

export function activityItem(iysCode: number, brandCode: number, group: FeedGroup, seconds: number) {
  return { pk: `A#${iysCode}#${brandCode}#${group}`, sk: hourBucket(seconds), kind: 'ACTIVITY' };
}

export function dayItem(day: string, iysCode: number, brandCode: number) {
  return { pk: `D#${day}`, sk: `${iysCode}#${brandCode}`, kind: 'DAY', iysCode, brandCode };
}

/** Hours (yyyyMMddHH) with movements of one brand and group, from..to inclusive. */
export async function activeHours(
  iysCode: number,
  brandCode: number,
  group: FeedGroup,
  from: string,
  to: string,
): Promise<string[]> {
  const out: string[] = [];
  for await (const r of paginateQuery(
    { client: db() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `A#${iysCode}#${brandCode}#${group}`, ':from': from, ':to': to },
    },
  ))
    for (const i of r.Items ?? []) out.push(i.sk as string);
  return out;
}

/**
 * Movements of one feed partition with sort keys in (after, upTo], ascending, at most `limit`: the pages
 * from the one that may hold what follows `after`, expanded and cut to the range.
 */
export async function feedPartition(
  pk: string,
  after: string,
  upTo: string,
  limit: number,
): Promise<MovementItem[]> {
  const out: MovementItem[] = [];
  const from = pageSortKey(after);
  if (from > upTo) return out;
  for await (const r of paginateQuery(
    { client: db(), pageSize: 25 },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :upTo',
      ExpressionAttributeValues: { ':pk': pk, ':from': from, ':upTo': upTo },
    },
  )) {
    for (const page of r.Items ?? [])
      for (const m of movementsOfPage(page)) if (m.sk > after && m.sk <= upTo) out.push(m);
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

/** A stored state as the domain's consent state (the rules in functions/domain/consent/transitions.ts). */
export function stateOf(
  item: StateItem,
  recipient: string,
  kind: ConsentRecord['recipientKind'],
): ConsentState {
  return {
    recipient,
    recipientKind: kind,
    recipientType: item.recipientType,
    type: item.type,
    status: item.status,
    ...(item.source ? { source: item.source } : {}),
    ...(item.cd !== undefined ? { consentDate: { text: formatTurkeyTime(item.cd), epochMs: item.cd } } : {}),
    ...(item.retailerCode !== undefined ? { retailerCode: item.retailerCode } : {}),
    ...(item.retailerAccess ? { retailerAccess: item.retailerAccess } : {}),
  };
}
