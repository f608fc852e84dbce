import type * as store from '../adapters/consent-store.js';
import type { Sealed, SealInput } from '../adapters/envelope.js';
import type { ProviderItem } from '../adapters/registry-store.js';
import { formatTurkeyTime } from '../domain/consent/dates.js';
import { basisOf, type Repeat, type Target } from '../domain/consent/request.js';
import { applyMovement } from '../domain/consent/transitions.js';
import type { Actor, ConsentRecord } from '../domain/consent/types.js';
import { validateConsent } from '../domain/consent/validate.js';
import { errorItem, IysError, type IysErrorItem } from '../domain/errors.js';
import { blindIndex, feedGroup, personalDataOf, requestDigest, transactionId } from '../domain/movement.js';
import { addressGate, addressLimitApplies, type Subscription } from '../domain/subscription.js';
import type { AddressUsage } from './subscriptions.js';

/**
 * Many consents at once (İYS batches, bulk-file chunks) with the same rules as `recordConsent`
 * (functions/app/consents.ts): same validation, same transitions, same transactionId basis, same state
 * item, same conditional commit. What differs is the cost: one provider look-up, one blind-index secret,
 * one BatchGetItem per 100 consents, one data key per batch, and the conditional writes of a batch issued
 * together. Rows of the same consent are applied one after the other, in the order given.
 *
 * The rows are applied in waves: each wave takes the next row of every consent, decides it in memory
 * (repeats, transitions, the package's address limit), seals all of them with one data key and commits
 * them as one set of conditional writes. A consent whose write met a newer version is read again and its
 * row goes into the next wave; a consent with several rows has its next row in the next wave.
 *
 * Storage, crypto, the clock and metrics sit behind `ConsentPorts`: unit tests and the benchmark run the
 * same code with in-memory fakes; functions/wiring/consents.ts is the AWS wiring.
 */
export interface ConsentPorts {
  provider(iysCode: number): Promise<ProviderItem | undefined>;
  providerSecret(p: ProviderItem): Promise<Buffer>;
  registrySecret(): Promise<Buffer>;
  /** Seals several records under one data key of the provider's brand. */
  sealMany(keyId: string, iysCode: number, brandCode: number, records: SealInput[]): Promise<Sealed[]>;
  getStates(keys: { pk: string; sk: string }[]): Promise<store.StateItem[]>;
  /** Conditional writes, each on top of the version read (`expectedSeq`) or only if none exists. */
  putStates(writes: store.StateWrite[]): Promise<('ok' | 'conflict')[]>;
  /** Adds new consents to the registry-wide recipient index (the recipient side; address counting). */
  indexRecipients(states: store.StateItem[]): Promise<void>;
  /** H525: which of these addresses (registry indexes) the provider already holds, and how many it holds. */
  addressUsage(provider: ProviderItem, ridxs: string[]): Promise<AddressUsage>;
  /** H180: retailers named by a consent must belong to the brand. Throws IysError. */
  checkRetailers(t: Target, record: ConsentRecord): Promise<void>;
  /** Retailer consent counts follow a consent's ties. */
  tiesChanged(t: Target, before: store.StateItem | undefined, after: store.StateItem): Promise<void>;
  /** The clock that stamps a wave's creation second right before it commits. */
  now(): Date;
  /**
   * The change feed's watermark (functions/app/watermark.ts): earlier movements created after it are kept
   * inline in the new state until the stream has written them. Without it, none are kept.
   */
  watermark?(): Promise<number>;
  /** The storage layout: keys and references of states and movements (functions/adapters/consent-store.ts). */
  layout: ConsentLayout;
  /** What an operator watches: movements recorded, refusals by code, writes that lost a race. */
  metrics: ConsentMetrics;
}

export type ConsentLayout = Pick<
  typeof store,
  | 'stateKey'
  | 'parseRef'
  | 'refOf'
  | 'pendingOf'
  | 'stateOf'
  | 'movementsOfRefs'
  | 'movementKey'
  | 'feedPartitionKey'
  | 'feedShards'
>;

export interface ConsentMetrics {
  consentsRecorded(n: number, actor: Actor): void;
  consentsRefused(n: number, code: string): void;
  writeConflicts(n: number): void;
}

export interface ConsentRow {
  input: unknown;
  repeat: Repeat;
  /** IYS_WEB_YENI only: the name the recipient gave (shown only to that brand's provider). */
  citizenName?: string;
}

export type RowOutcome =
  | { ok: true; transactionId: string; creationDate: string; created: boolean }
  | { ok: false; errors: IysErrorItem[] };

export interface BatchOptions {
  actor: Actor;
  now: Date;
}

/** The write path over its ports: every add, batch item, bulk row and recipient change comes through it. */
export interface ConsentWriter {
  /**
   * Validates and records every row; returns one outcome per row, in the rows' order. A refused row (field
   * rules or transitions) is a failure outcome, never an exception; infrastructure errors throw (the caller's
   * message is then delivered again, and the repeat rules make the rows already recorded answer the same).
   */
  recordConsents(t: Target, rows: ConsentRow[], opts: BatchOptions): Promise<RowOutcome[]>;
}

export function consentWriter(ports: ConsentPorts): ConsentWriter {
  return { recordConsents: (t, rows, opts) => recordConsents(ports, t, rows, opts) };
}

/** Attempts per row against concurrent writers of the same consent before X010. */
const maxAttempts = 12;

/** A rule's refusal as a row outcome; anything else (infrastructure) propagates. */
async function refusal(check: () => Promise<void>): Promise<RowOutcome | undefined> {
  try {
    await check();
    return undefined;
  } catch (e) {
    if (e instanceof IysError) return { ok: false, errors: e.errors };
    throw e;
  }
}

/** One consent key of the batch: its rows in order and what is known of its stored state. */
interface Group {
  key: { pk: string; sk: string };
  ridx: string;
  rows: number[];
  /** Next row to apply. */
  next: number;
  state: store.StateItem | undefined;
  created: boolean;
  attempts: number;
}

/** A row decided in memory, waiting for its seal and its conditional write. */
interface Pending {
  group: Group;
  row: number;
  /** The request digest; the transactionId is the creation second and this, known when the wave commits. */
  digest: string;
  txn: string;
  next: ConsentRecord;
  citizenName: string | undefined;
  cr: number;
}

async function recordConsents(
  ports: ConsentPorts,
  t: Target,
  rows: ConsentRow[],
  opts: BatchOptions,
): Promise<RowOutcome[]> {
  const tally = { conflicts: 0 };
  const out = await record(ports, t, rows, opts, tally);
  // What an operator watches: movements recorded, refusals by code, writes that lost a race.
  let recorded = 0;
  const refused = new Map<string, number>();
  for (const o of out) {
    if (!o) continue;
    if (o.ok) {
      if (o.created) recorded++;
    } else {
      const code = o.errors[0]?.code ?? 'H015';
      refused.set(code, (refused.get(code) ?? 0) + 1);
    }
  }
  ports.metrics.consentsRecorded(recorded, opts.actor);
  for (const [code, n] of refused) ports.metrics.consentsRefused(n, code);
  ports.metrics.writeConflicts(tally.conflicts);
  return out;
}

async function record(
  ports: ConsentPorts,
  t: Target,
  rows: ConsentRow[],
  opts: BatchOptions,
  tally: { conflicts: number },
): Promise<RowOutcome[]> {
  const store = ports.layout;
  const out: RowOutcome[] = new Array(rows.length);
  const records: (ConsentRecord | undefined)[] = new Array(rows.length);
  const context = { now: opts.now, actor: opts.actor };
  // Index loops, not entries(): these run once per row, and entries() makes a pair per step.
  for (let i = 0; i < rows.length; i++) {
    const v = validateConsent(rows[i]!.input, context);
    if (v.ok) records[i] = v.value;
    else out[i] = { ok: false, errors: v.errors };
  }
  // Retailers named by a consent must be the brand's (cached look-ups; nothing to do without retailer fields).
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (!r || (r.retailerCode === undefined && !r.retailerAccess?.length)) continue;
    const refused = await refusal(() => ports.checkRetailers(t, r));
    if (refused) {
      out[i] = refused;
      records[i] = undefined;
    }
  }
  if (records.every((r) => r === undefined)) return out;

  const provider = await ports.provider(t.iysCode);
  if (!provider) {
    for (const i of records.keys()) if (records[i]) out[i] = { ok: false, errors: [errorItem('H001')] };
    return out;
  }
  const [secret, registrySecret] = await Promise.all([
    ports.providerSecret(provider),
    ports.registrySecret(),
  ]);

  // Group by consent key, keeping the rows' order inside each group.
  const byKey = new Map<string, Group>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (!r) continue;
    const key = store.stateKey(
      t.iysCode,
      t.brandCode,
      blindIndex(secret, r.recipient),
      r.recipientType,
      r.type,
    );
    const id = `${key.pk}|${key.sk}`;
    let g = byKey.get(id);
    if (!g) {
      g = {
        key,
        ridx: blindIndex(registrySecret, r.recipient),
        rows: [],
        next: 0,
        state: undefined,
        created: false,
        attempts: 0,
      };
      byKey.set(id, g);
    }
    g.rows.push(i);
  }
  const groups = [...byKey.values()];
  for (const s of await ports.getStates(groups.map((g) => g.key))) {
    const g = byKey.get(`${s.pk}|${s.sk}`);
    if (g) g.state = s;
  }
  const nowSeconds = Math.floor(opts.now.getTime() / 1000);
  const digests: string[] = new Array(rows.length);
  const limit = await addressLimit(provider, ports, groups, opts.actor === 'HS');
  // Only writes on top of a state need the watermark (a cached read, shared by the container).
  const watermark =
    ports.watermark && groups.some((g) => g.state) ? await ports.watermark() : Number.POSITIVE_INFINITY;

  for (let open = groups; open.length; ) {
    // 1. Decide the next row of every consent in memory.
    const pending: Pending[] = [];
    for (const g of open) {
      for (; g.next < g.rows.length; g.next++) {
        const i = g.rows[g.next]!;
        if (g.attempts >= maxAttempts) {
          out[i] = { ok: false, errors: [errorItem('X010')] };
          g.attempts = 0;
          continue;
        }
        const record = records[i]!;
        digests[i] ??= requestDigest(secret, basisOf(t, rows[i]!.input, rows[i]!.repeat, nowSeconds));
        const digest = digests[i]!;
        // A repeat is answered with the id first recorded (its second, this digest).
        const seen = g.state?.refs.find((r) => r.includes(`${digest}|`));
        if (seen) {
          const first = store.parseRef(seen);
          out[i] = {
            ok: true,
            transactionId: first.txn,
            creationDate: formatTurkeyTime(first.seconds * 1000),
            created: false,
          };
          continue;
        }
        const transition = applyMovement(
          g.state ? store.stateOf(g.state, record.recipient, record.recipientKind) : undefined,
          record,
        );
        if (!transition.ok) {
          out[i] = { ok: false, errors: transition.errors };
          continue;
        }
        // A new consent key: the package's consent limit counts addresses (H525).
        if (!g.state && limit && !limit.admit(g.ridx)) {
          out[i] = { ok: false, errors: [errorItem('H525')] };
          continue;
        }
        pending.push({
          group: g,
          row: i,
          digest,
          txn: '',
          next: transition.state,
          citizenName: rows[i]!.citizenName,
          cr: 0,
        });
        break;
      }
    }
    if (!pending.length) break;

    // 2. Seal the wave under one data key and commit it.
    const sealed = await ports.sealMany(
      provider.dataKeyId,
      t.iysCode,
      t.brandCode,
      pending.map((p) => ({
        aad: p.digest,
        plain: personalDataOf(p.next.recipient, p.next.source === 'IYS_WEB_YENI' ? p.citizenName : undefined),
      })),
    );
    // The creation second is taken now, right before the writes: a movement commits within moments of the
    // second it carries, which is what the change feed's watermark relies on (functions/app/watermark.ts).
    // A consent's seconds never go back.
    const stamp = Math.max(nowSeconds, Math.floor(ports.now().getTime() / 1000));
    for (const p of pending) {
      p.cr = Math.max(stamp, p.group.state?.cr ?? 0);
      p.txn = transactionId(p.cr, p.digest);
    }
    const items = pending.map((p, n) => stateItem(store, t, p, sealed[n]!, watermark));
    const results = await ports.putStates(
      items.map((item, n) => ({ item, expectedSeq: pending[n]!.group.state?.seq })),
    );

    // 3. Outcomes; consents that met a newer version are read again and retried.
    const stale: Group[] = [];
    for (let n = 0; n < pending.length; n++) {
      const p = pending[n]!;
      const g = p.group;
      const item = items[n]!;
      if (results[n] === 'conflict') {
        tally.conflicts++;
        g.attempts++;
        stale.push(g);
        continue;
      }
      const before = g.state;
      if (!before) g.created = true;
      if (
        item.retailerCode !== undefined ||
        item.retailerAccess?.length ||
        before?.retailerCode !== undefined ||
        before?.retailerAccess?.length
      )
        await ports.tiesChanged(t, before, item);
      g.state = item;
      g.attempts = 0;
      g.next++;
      out[p.row] = {
        ok: true,
        transactionId: p.txn,
        creationDate: formatTurkeyTime(item.cr * 1000),
        created: true,
      };
    }
    if (stale.length) {
      const fresh = new Map(
        (await ports.getStates(stale.map((g) => g.key))).map((s) => [`${s.pk}|${s.sk}`, s]),
      );
      for (const g of stale) g.state = fresh.get(`${g.key.pk}|${g.key.sk}`);
    }
    open = pending.map((p) => p.group).filter((g) => g.next < g.rows.length);
  }

  // The recipient index goes with a consent this job created, also when a redelivery finds the consent
  // already written (the first run may have stopped between the state and the index).
  const index: store.StateItem[] = [];
  for (const g of groups) {
    if (!g.state) continue;
    if (g.created) {
      index.push(g.state);
      continue;
    }
    const first = g.state.refs[0] ? store.parseRef(g.state.refs[0]).txn : undefined;
    const ours = g.rows.some((i) => {
      const o = out[i];
      return o?.ok && o.transactionId === first;
    });
    if (ours) index.push(g.state);
  }
  if (index.length) await ports.indexRecipients(index);
  return out;
}

/**
 * The package's consent limit over this batch (H525), or undefined when none applies (İYS's own movements,
 * no subscription, a package that may exceed its limit, or no new consent key): one read of the batch's
 * new addresses and the provider's count, then the rule (functions/domain/subscription.ts) in memory.
 */
async function addressLimit(
  provider: ProviderItem,
  ports: ConsentPorts,
  groups: Group[],
  enforce: boolean,
): Promise<{ admit(ridx: string): boolean } | undefined> {
  const sub = provider.subscription as Subscription | undefined;
  if (!addressLimitApplies(sub, enforce)) return undefined;
  const unknown = [...new Set(groups.filter((g) => !g.state).map((g) => g.ridx))];
  if (!unknown.length) return undefined;
  const usage = await ports.addressUsage(provider, unknown);
  return addressGate(sub, usage.held, usage.used);
}

/** The state item of a decided row: the clear index of the record, and its personal data sealed. */
function stateItem(
  store: ConsentLayout,
  t: Target,
  p: Pending,
  sealed: Sealed,
  watermark: number,
): store.StateItem {
  const { next, group } = p;
  const current = group.state;
  const item: store.StateItem = {
    pk: group.key.pk,
    sk: group.key.sk,
    kind: 'STATE',
    iysCode: t.iysCode,
    brandCode: t.brandCode,
    recipientType: next.recipientType,
    type: next.type,
    status: next.status,
    cr: p.cr,
    txn: p.txn,
    seq: (current?.seq ?? 0) + 1,
    refs: current
      ? [...current.refs, store.refOf(p.cr, p.txn, feedGroup(next.source))]
      : [store.refOf(p.cr, p.txn, feedGroup(next.source))],
    ridx: group.ridx,
    dk: sealed.dk,
    ct: sealed.ct,
  };
  if (next.source) item.source = next.source;
  if (next.consentDate) item.cd = next.consentDate.epochMs;
  if (next.retailerCode !== undefined) item.retailerCode = next.retailerCode;
  if (next.retailerAccess) item.retailerAccess = next.retailerAccess;
  const pend = current ? store.pendingOf(current, watermark, sealed.dk) : undefined;
  if (pend) item.pend = pend;
  return item;
}
