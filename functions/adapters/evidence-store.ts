import { GetCommand, PutCommand, paginateQuery, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type FeedGroup, txnDigest, txnSeconds } from '../domain/movement.js';
import { documents } from './aws.js';
import { putAll } from './dynamo-batch.js';
import { env } from './env.js';

/**
 * The Evidence table (docs/evidence.md, "Data model"):
 * - head       pk HEAD                  sk {iysCode}            size (leaves appended), sealed (checkpointed size)
 * - txn index  pk T#{iysCode}#{second} sk {chunk start}        e = the chunk's movements of that second
 * - leaves     pk L#{iysCode}           sk {start, 12 digits}   n, h = n × 32-byte leaf hashes, t = [txn, group]
 * - tiles      pk N#{iysCode}           sk {row, 12 digits}     h = up to 1024 hashes of level-10 subtrees
 * - checkpoint pk CP#{iysCode}          sk {size, 12 digits}    text, sig (CMS), tst (RFC 3161), compact range
 * - cert       pk CERT                  sk root | tsa | sp#{iysCode}
 * - daily      pk DAILY#{iysCode}#{brandCode}  sk YYYY-MM-DD    manifest of the day's files, agreementStatus
 * All heads share one partition so the sealer finds the logs with new leaves in one query.
 */
const table = () => env.evidenceTable();
const db = () => documents();

export const pad = (n: number): string => String(n).padStart(12, '0');
/** Leaves per chunk item (one claim, ⌈n/25⌉ index writes, one head update). */
export const MAX_CHUNK = 100;
/** Stored subtree level: the sealer keeps MTH of every aligned 2^TILE_LEVEL leaves. */
export const TILE_LEVEL = 10;
export const TILE_ROW = 1024;

export interface Head {
  iysCode: number;
  size: number;
  sealed: number;
}

export interface LeafInput {
  txn: string;
  hash: Uint8Array;
  /** The movement's feed group: with the transactionId and the brand it gives the movement item's key. */
  group: FeedGroup;
}

export interface TxnEntry {
  index: number;
  group: FeedGroup;
}

export interface CheckpointItem {
  iysCode: number;
  size: number;
  text: string;
  sig: Uint8Array;
  tst: Uint8Array;
  /** The compact range (perfect subtree hashes, concatenated) of this size: sealing continues from it. */
  compact: Uint8Array;
  at: string;
}

const bytes = (v: unknown): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array(0));

export async function getHead(iysCode: number): Promise<Head> {
  const r = await db().send(
    new GetCommand({ TableName: table(), Key: { pk: 'HEAD', sk: String(iysCode) }, ConsistentRead: true }),
  );
  return { iysCode, size: Number(r.Item?.size ?? 0), sealed: Number(r.Item?.sealed ?? 0) };
}

/** Every log whose appended size is beyond its sealed size. */
export async function unsealedHeads(): Promise<Head[]> {
  const out: Head[] = [];
  for await (const r of paginateQuery(
    { client: db() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'HEAD' },
      ConsistentRead: true,
    },
  )) {
    for (const i of r.Items ?? []) {
      const h = { iysCode: Number(i.sk), size: Number(i.size ?? 0), sealed: Number(i.sealed ?? 0) };
      if (h.size > h.sealed) out.push(h);
    }
  }
  return out;
}

/**
 * The receipt index: per provider and creation second (the transactionId's first 8 hex digits), one item
 * per chunk that logged movements of that second, listing them as `{digest16}:{offset}:{H|I}` (the first 16
 * hex digits of the request digest, the leaf's offset in the chunk, the feed group). A few items per second
 * instead of one per movement: ~0.03 write units per leaf. A look-up is one Query of that second.
 */
const indexPk = (iysCode: number, seconds: number) => `T#${iysCode}#${seconds}`;
const digest16 = (txn: string) => txnDigest(txn).slice(0, 16);

/** Groups values by a transactionId's creation second. */
function bySecondOf<T>(items: T[], txnOf: (item: T) => string): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const seconds = txnSeconds(txnOf(item));
    const list = out.get(seconds);
    if (list) list.push(item);
    else out.set(seconds, [item]);
  }
  return out;
}

interface IndexEntry {
  index: number;
  group: FeedGroup;
}

async function indexOfSecond(
  iysCode: number,
  seconds: number,
  consistent: boolean,
): Promise<Map<string, IndexEntry>> {
  const out = new Map<string, IndexEntry>();
  const pages = paginateQuery(
    { client: db() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': indexPk(iysCode, seconds) },
      ConsistentRead: consistent,
    },
  );
  for await (const page of pages) {
    for (const it of page.Items ?? []) {
      const base = Number(it.start);
      for (const e of (it.e as string[] | undefined) ?? []) {
        const [d, offset, g] = e.split(':') as [string, string, string];
        out.set(d, { index: base + Number(offset), group: g === 'I' ? 'IYS' : 'HS' });
      }
    }
  }
  return out;
}

/**
 * Which of these transactions already have a leaf: one Query per creation second among them.
 * `consistent: false` halves the read units where a miss only means "not yet" (the watermark job).
 */
export async function loggedTxns(iysCode: number, txns: string[], consistent = true): Promise<Set<string>> {
  const found = new Set<string>();
  for (const [seconds, list] of bySecondOf(txns, (t) => t)) {
    const index = await indexOfSecond(iysCode, seconds, consistent);
    for (const t of list) if (index.has(digest16(t))) found.add(t);
  }
  return found;
}

/** Leaves per chunk item (≈ 10 KB with their transactionIds). */
const leafMeta = (l: LeafInput) => [l.txn, l.group === 'IYS' ? 'I' : 'H'];

/**
 * Claims positions [expectedSize, expectedSize + n) by creating the chunk item that starts there
 * (conditional put: the first writer wins), then writes the transactions' index items and moves the head.
 * 'conflict' when another writer holds that position: the caller calls `repairHead` and retries. A writer
 * that stops after the claim leaves a chunk beyond the head; `repairHead` finishes its work, so no
 * position is lost and no leaf appears twice.
 * (No TransactWriteItems: the same guarantees, about half the write units, and no table copies in moto.)
 */
export async function appendChunk(
  iysCode: number,
  expectedSize: number,
  leaves: LeafInput[],
): Promise<'ok' | 'conflict'> {
  if (leaves.length === 0 || leaves.length > MAX_CHUNK) throw new RangeError('chunk size out of range');
  const h = new Uint8Array(leaves.length * 32);
  leaves.forEach((l, i) => {
    h.set(l.hash, i * 32);
  });
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: {
          pk: `L#${iysCode}`,
          sk: pad(expectedSize),
          start: expectedSize,
          n: leaves.length,
          h,
          t: leaves.map(leafMeta),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return 'conflict';
    throw e;
  }
  await finishChunk(iysCode, expectedSize, leaves.length, leaves.map(leafMeta));
  return 'ok';
}

async function finishChunk(iysCode: number, start: number, n: number, meta: unknown[][]): Promise<void> {
  const entries = (meta as [string, string][]).map(([txn, g], i) => ({
    txn,
    e: `${digest16(txn)}:${i}:${g}`,
  }));
  await putAll(
    table(),
    [...bySecondOf(entries, (x) => x.txn)].map(([seconds, list]) => ({
      pk: indexPk(iysCode, seconds),
      sk: pad(start),
      start,
      e: list.map((x) => x.e),
    })),
  );
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: 'HEAD', sk: String(iysCode) },
        UpdateExpression: 'SET #size = :next, iysCode = :code',
        ConditionExpression: 'attribute_not_exists(#size) OR #size < :next',
        ExpressionAttributeNames: { '#size': 'size' },
        ExpressionAttributeValues: { ':next': start + n, ':code': iysCode },
      }),
    );
  } catch (e) {
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e; // already further on
  }
}

/**
 * The head as it truly is: if chunks exist at or beyond the recorded size (a writer stopped after its
 * claim), their index items are (re)written and the head moved past them. Returns the true size.
 */
export async function repairHead(iysCode: number): Promise<number> {
  let size = (await getHead(iysCode)).size;
  for (;;) {
    const r = await db().send(
      new GetCommand({
        TableName: table(),
        Key: { pk: `L#${iysCode}`, sk: pad(size) },
        ConsistentRead: true,
      }),
    );
    if (!r.Item) return size;
    const n = Number(r.Item.n);
    await finishChunk(iysCode, size, n, r.Item.t as unknown[][]);
    size += n;
  }
}

/** Leaf hashes [from, to). */
export async function readLeaves(iysCode: number, from: number, to: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = new Array(Math.max(0, to - from));
  if (to <= from) return out;
  for await (const r of paginateQuery(
    { client: db() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: {
        ':pk': `L#${iysCode}`,
        ':a': pad(Math.max(0, from - MAX_CHUNK + 1)),
        ':b': pad(to - 1),
      },
    },
  )) {
    for (const it of r.Items ?? []) {
      const s = Number(it.start);
      const h = bytes(it.h);
      for (let i = 0; i < Number(it.n); i++) {
        const idx = s + i;
        if (idx >= from && idx < to) out[idx - from] = h.subarray(i * 32, i * 32 + 32);
      }
    }
  }
  for (let i = 0; i < out.length; i++)
    if (!out[i]) throw new Error(`leaf ${from + i} of ${iysCode} is missing`);
  return out;
}

/** Stored level-TILE_LEVEL hashes [from, to). */
export async function readTiles(iysCode: number, from: number, to: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = new Array(Math.max(0, to - from));
  if (to <= from) return out;
  for await (const r of paginateQuery(
    { client: db() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: {
        ':pk': `N#${iysCode}`,
        ':a': pad(Math.floor(from / TILE_ROW)),
        ':b': pad(Math.floor((to - 1) / TILE_ROW)),
      },
    },
  )) {
    for (const it of r.Items ?? []) {
      const base = Number(it.sk) * TILE_ROW;
      const h = bytes(it.h);
      for (let i = 0; i < h.length / 32; i++) {
        const idx = base + i;
        if (idx >= from && idx < to) out[idx - from] = h.subarray(i * 32, i * 32 + 32);
      }
    }
  }
  for (let i = 0; i < out.length; i++)
    if (!out[i]) throw new Error(`tile ${from + i} of ${iysCode} is missing`);
  return out;
}

/** Stores level-TILE_LEVEL hashes from index `first` on (appends to the rows; same values on a rerun). */
export async function writeTiles(iysCode: number, first: number, hashes: Uint8Array[]): Promise<void> {
  let i = 0;
  while (i < hashes.length) {
    const idx = first + i;
    const row = Math.floor(idx / TILE_ROW);
    const offset = idx % TILE_ROW;
    const take = Math.min(hashes.length - i, TILE_ROW - offset);
    const existing = offset
      ? bytes(
          (
            await db().send(
              new GetCommand({
                TableName: table(),
                Key: { pk: `N#${iysCode}`, sk: pad(row) },
                ConsistentRead: true,
              }),
            )
          ).Item?.h,
        )
      : new Uint8Array(0);
    if (existing.length < offset * 32) throw new Error(`tile row ${row} of ${iysCode} has a gap`);
    const h = new Uint8Array((offset + take) * 32);
    h.set(existing.subarray(0, offset * 32), 0);
    for (let k = 0; k < take; k++) h.set(hashes[i + k]!, (offset + k) * 32);
    await db().send(new PutCommand({ TableName: table(), Item: { pk: `N#${iysCode}`, sk: pad(row), h } }));
    i += take;
  }
}

/**
 * Writes a checkpoint (conditional: one per size) and moves the head's sealed size forward; false when
 * another sealer wrote this size first.
 */
export async function putCheckpoint(cp: CheckpointItem, _from: number): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: { pk: `CP#${cp.iysCode}`, sk: pad(cp.size), ...cp },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: 'HEAD', sk: String(cp.iysCode) },
        UpdateExpression: 'SET sealed = :to',
        ConditionExpression: 'attribute_not_exists(sealed) OR sealed < :to',
        ExpressionAttributeValues: { ':to': cp.size },
      }),
    );
  } catch (e) {
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
  }
  return true;
}

function toCheckpoint(i: Record<string, unknown> | undefined): CheckpointItem | undefined {
  if (!i) return undefined;
  return {
    iysCode: Number(i.iysCode),
    size: Number(i.size),
    text: String(i.text),
    sig: bytes(i.sig),
    tst: bytes(i.tst),
    compact: bytes(i.compact),
    at: String(i.at),
  };
}

export async function latestCheckpoint(iysCode: number): Promise<CheckpointItem | undefined> {
  const r = await db().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CP#${iysCode}` },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return toCheckpoint(r.Items?.[0]);
}

export async function getCheckpoint(iysCode: number, size: number): Promise<CheckpointItem | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: table(), Key: { pk: `CP#${iysCode}`, sk: pad(size) }, ConsistentRead: true }),
  );
  return toCheckpoint(r.Item);
}

export async function getTxn(iysCode: number, txn: string): Promise<TxnEntry | undefined> {
  return (await indexOfSecond(iysCode, txnSeconds(txn), true)).get(digest16(txn));
}

export async function getCertificate(name: string): Promise<Uint8Array | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: table(), Key: { pk: 'CERT', sk: name }, ConsistentRead: true }),
  );
  return r.Item ? bytes(r.Item.der) : undefined;
}

/** Stores a certificate unless one exists; returns the stored one (ours, or the one that won a race). */
export async function putCertificateOnce(name: string, der: Uint8Array): Promise<Uint8Array> {
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: { pk: 'CERT', sk: name, der },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return der;
  } catch (e) {
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    return (await getCertificate(name))!;
  }
}

export interface DailyFileEntry {
  key: string;
  bytes: number;
  rows: number;
  sha256: string;
  sha384: string;
  tsrKey: string;
  p7sKey: string;
}

export interface DailyManifest {
  iysCode: number;
  brandCode: number;
  date: string;
  builtAt: string;
  files: Record<'changes' | 'approvals' | 'rejections', DailyFileEntry>;
  /** changeSummary counts: recipientType → type → group → counts. */
  summary: Record<
    string,
    Record<string, Record<string, { approval: number; rejection: number; total: number }>>
  >;
  agreementStatus?: boolean;
}

export async function getDaily(
  iysCode: number,
  brandCode: number,
  date: string,
): Promise<DailyManifest | undefined> {
  const r = await db().send(
    new GetCommand({
      TableName: table(),
      Key: { pk: `DAILY#${iysCode}#${brandCode}`, sk: date },
      ConsistentRead: true,
    }),
  );
  if (!r.Item) return undefined;
  const { pk: _pk, sk: _sk, ...rest } = r.Item;
  return rest as DailyManifest;
}

/** Writes the manifest (last step of a build: it makes the files visible); keeps an agreement given before. */
export async function putDaily(m: DailyManifest): Promise<void> {
  const { agreementStatus: _a, ...rest } = m;
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `DAILY#${m.iysCode}#${m.brandCode}`, sk: m.date },
      UpdateExpression: `SET ${Object.keys(rest)
        .map((k) => `#${k} = :${k}`)
        .join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(Object.keys(rest).map((k) => [`#${k}`, k])),
      ExpressionAttributeValues: Object.fromEntries(Object.entries(rest).map(([k, v]) => [`:${k}`, v])),
    }),
  );
}

/** agreementDatePut: only for a day whose file exists; false when there is none. */
export async function setAgreement(iysCode: number, brandCode: number, date: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `DAILY#${iysCode}#${brandCode}`, sk: date },
        UpdateExpression: 'SET agreementStatus = :t',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':t': true },
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/**
 * Brands with movements on a Turkey day: the `D#{yyyyMMdd}` markers that movements.ts writes into the
 * Consents table (consent-store `dayItem`). Read here because only the daily job needs them.
 */
export async function dayBrands(day: string): Promise<{ iysCode: number; brandCode: number }[]> {
  const out: { iysCode: number; brandCode: number }[] = [];
  for await (const r of paginateQuery(
    { client: db() },
    {
      TableName: env.consentsTable(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `D#${day}` },
    },
  ))
    for (const i of r.Items ?? []) out.push({ iysCode: Number(i.iysCode), brandCode: Number(i.brandCode) });
  return out.sort((a, b) => a.iysCode - b.iysCode || a.brandCode - b.brandCode);
}
