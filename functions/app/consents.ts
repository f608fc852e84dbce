import type * as store from '../adapters/consent-store.js';
import type { Sealed } from '../adapters/envelope.js';
import type { ProviderItem } from '../adapters/registry-store.js';
import { normaliseRecipient } from '../domain/consent/address.js';
import { formatTurkeyTime } from '../domain/consent/dates.js';
import type { Repeat, Target } from '../domain/consent/request.js';
import type { Actor, ConsentType, RecipientType } from '../domain/consent/types.js';
import { IysError } from '../domain/errors.js';
import {
  blindIndex,
  feedSortKey,
  formatCursor,
  hourBucket,
  type Movement,
  movementOf,
  type PersonalData,
  parseCursor,
  type RecordIndex,
  txnDigest,
} from '../domain/movement.js';
import {
  type BatchOptions,
  type ConsentPorts,
  type ConsentRow,
  consentWriter,
  type RowOutcome,
} from './consents-batch.js';

/**
 * The consent use cases. Every path that changes a consent (single add, v2, batches, bulk files, recipients,
 * SMS, call centre) comes through `recordConsents` (functions/app/consents-batch.ts), so the same rules and
 * the same storage apply to all; the reads (consentDetail, consentsHistory, batchConsentStatus, the change
 * feed) answer from the same state items. Everything outside the domain comes through the ports: a
 * composition root builds them once per cold start (functions/wiring/consents.ts for AWS), tests and the
 * benchmark pass in-memory fakes.
 */
export type { BatchOptions, ConsentPorts, ConsentRow, Repeat, RowOutcome, Target };

/**
 * What the reads need besides the write path's ports: the state, status and movement reads and the feed's
 * queries (their costs are stated in functions/adapters/consent-store.ts), and opening sealed records.
 */
export type ConsentReadPorts = Pick<
  typeof store,
  'getState' | 'getStatuses' | 'getMovements' | 'activeHours' | 'feedPartition'
> & {
  /** Opens a sealed record (the provider brand's data key, bound to `aad`). */
  open(sealed: Sealed, iysCode: number, brandCode: number, aad: string): Promise<Buffer>;
  /**
   * The title of one of the brand's retailers (consentDetail's `retailerTitle`), undefined when it has none.
   * Cost: asked only for a consent that has a retailerCode; one GetItem on the Registry table the first time
   * a warm container is asked for that retailer, then none until the cache's TTL passes
   * (functions/adapters/retailer-codes.ts). A consent without a retailerCode costs nothing more.
   */
  retailerTitle(iysCode: number, brandCode: number, retailerCode: number): Promise<string | undefined>;
};

export type ConsentsPorts = ConsentPorts & ConsentReadPorts;

export interface RecordOptions {
  actor: Actor;
  now: Date;
  repeat: Repeat;
  /** IYS_WEB_YENI only: the name the recipient gave (shown only to that brand's provider). */
  citizenName?: string;
  /** Batch index, copied into errors. */
  index?: number;
}

export interface Recorded {
  transactionId: string;
  creationDate: string;
  /** false when the request was a repeat of one already recorded. */
  created: boolean;
}

/** A movement as consentsHistory and the change feed answer it. */
function movementView(m: Movement) {
  return {
    consentDate: m.consentDate ?? '',
    creationDate: m.creationDate,
    source: m.source,
    recipient: m.recipient,
    recipientType: m.recipientType,
    status: m.status,
    type: m.type,
    transactionId: m.transactionId,
  };
}

/** The consent use cases over their ports. */
export function consentUseCases(ports: ConsentsPorts) {
  const writer = consentWriter(ports);
  const store = ports.layout;

  async function providerOf(iysCode: number): Promise<ProviderItem> {
    const p = await ports.provider(iysCode);
    if (!p) throw IysError.of('H001', { vars: { iysCode } });
    return p;
  }

  /** The storage keys of one consent, from its normalised address. */
  async function consentKeys(
    provider: ProviderItem,
    brandCode: number,
    recipient: string,
    rt: RecipientType,
    type: ConsentType,
  ) {
    const [secret, registrySecret] = await Promise.all([
      ports.providerSecret(provider),
      ports.registrySecret(),
    ]);
    const key = store.stateKey(provider.iysCode, brandCode, blindIndex(secret, recipient), rt, type);
    return { key, ridx: blindIndex(registrySecret, recipient) };
  }

  /**
   * Validates, applies the transition rules, and commits one movement. Throws IysError on refusal. The single
   * add is a batch of one: batches, bulk files and the recipient side run exactly the same code
   * (functions/app/consents-batch.ts).
   */
  async function recordConsent(t: Target, input: unknown, opts: RecordOptions): Promise<Recorded> {
    const [outcome] = await writer.recordConsents(
      t,
      [{ input, repeat: opts.repeat, ...(opts.citizenName ? { citizenName: opts.citizenName } : {}) }],
      { actor: opts.actor, now: opts.now },
    );
    if (!outcome!.ok) {
      if (opts.index !== undefined) for (const e of outcome!.errors) e.index = opts.index;
      throw new IysError(outcome!.errors);
    }
    return {
      transactionId: outcome!.transactionId,
      creationDate: outcome!.creationDate,
      created: outcome!.created,
    };
  }

  /** Decrypts a stored state or movement's personal data and rebuilds its movement record. */
  async function readMovement(item: RecordIndex & Pick<store.StateItem, 'dk' | 'ct'>): Promise<Movement> {
    const plain = await ports.open(
      { dk: item.dk, ct: item.ct },
      item.iysCode,
      item.brandCode,
      txnDigest(item.txn),
    );
    return movementOf(item, JSON.parse(plain.toString('utf8')) as PersonalData, formatTurkeyTime);
  }

  function keyErrors(recipient: unknown, type: ConsentType) {
    const r = normaliseRecipient(recipient, type);
    if (!r.ok) throw new IysError(r.errors);
    return r.value;
  }

  /** consentDetail: the current state of one consent, or 404 X005. */
  async function consentStatus(
    t: Target,
    k: { recipient: string; recipientType: RecipientType; type: ConsentType },
  ) {
    const provider = await providerOf(t.iysCode);
    const recipient = keyErrors(k.recipient, k.type);
    const { key } = await consentKeys(provider, t.brandCode, recipient, k.recipientType, k.type);
    const state = await ports.getState(key);
    if (!state) throw IysError.of('X005', { location: ['recipient'], value: k.recipient });
    // The retailer's title only when the consent has one (İYS's example carries it): at most one GetItem.
    const [m, retailerTitle] = await Promise.all([
      readMovement(state),
      state.retailerCode !== undefined
        ? ports.retailerTitle(t.iysCode, t.brandCode, state.retailerCode)
        : undefined,
    ]);
    return {
      recipient: m.recipient,
      type: m.type,
      recipientType: m.recipientType,
      status: m.status,
      ...(m.source ? { source: m.source } : {}),
      ...(m.consentDate ? { consentDate: m.consentDate } : {}),
      creationDate: m.creationDate,
      ...(state.retailerCode !== undefined ? { retailerCode: state.retailerCode } : {}),
      ...(retailerTitle !== undefined ? { retailerTitle } : {}),
      // Access operations change the ties on the state without a movement: count them there.
      retailerAccessCount: state.retailerAccess?.length ?? 0,
      transactionId: m.transactionId,
    };
  }

  /** batchConsentStatus: which of ≤ 1000 addresses are ONAY, in ⌈n/100⌉ DynamoDB requests. */
  async function approvedRecipients(
    t: Target,
    rt: RecipientType,
    type: ConsentType,
    recipients: string[],
  ): Promise<string[]> {
    const provider = await providerOf(t.iysCode);
    const secret = await ports.providerSecret(provider);
    const byKey = new Map<string, string>();
    const errors = [];
    for (const [i, raw] of recipients.entries()) {
      const r = normaliseRecipient(raw, type);
      if (!r.ok) {
        errors.push(...r.errors.map((e) => ({ ...e, location: ['recipients', i] })));
        continue;
      }
      const k = store.stateKey(t.iysCode, t.brandCode, blindIndex(secret, r.value), rt, type);
      byKey.set(`${k.pk}|${k.sk}`, r.value);
    }
    if (errors.length) throw new IysError(errors);
    const keys = [...byKey.keys()].map((s) => {
      const [pk, sk] = s.split('|') as [string, string];
      return { pk, sk };
    });
    const found = await ports.getStatuses(keys);
    const approved = new Set(found.filter((f) => f.status === 'ONAY').map((f) => `${f.pk}|${f.sk}`));
    // Answer in the order asked.
    return [...byKey.entries()].filter(([k]) => approved.has(k)).map(([, r]) => r);
  }

  /** consentsHistory: newest consentDate first, paginated over the consent's movement list. */
  async function consentHistory(
    t: Target,
    k: { recipient: string; recipientType: RecipientType; type: ConsentType },
    page: { limit: number; offset: number },
  ) {
    const provider = await providerOf(t.iysCode);
    const recipient = keyErrors(k.recipient, k.type);
    const { key } = await consentKeys(provider, t.brandCode, recipient, k.recipientType, k.type);
    const state = await ports.getState(key);
    const refs = state ? [...state.refs].reverse() : [];
    const slice = refs.slice(page.offset, page.offset + page.limit).map(store.parseRef);
    const written = await ports.getMovements(
      slice.map((r) => store.movementKey(t.iysCode, t.brandCode, r.group, r.seconds, r.txn)),
    );
    // A movement the stream has not written yet is the state itself or one it keeps inline (read your writes).
    const items = state ? store.movementsOfRefs(state, slice, written) : [];
    const list = [];
    for (const item of items) list.push(movementView(await readMovement(item)));
    return { list, pagination: { totalCount: refs.length, pageSize: list.length, offset: page.offset } };
  }

  /**
   * PullPerBrandCode: movements of one brand and source group, oldest first, in the window
   * (now − 7 days, now − lag], after the cursor. Reads only the hours that have movements and merges the
   * hour's shards, so a big brand's day is spread over many partitions and a page costs a few queries.
   */
  async function changes(
    t: Target,
    q: {
      group: 'HS' | 'IYS';
      limit: number;
      after?: string;
      now: Date;
      lagSeconds: number;
      /** Every movement created at or before this second is written (functions/app/watermark.ts). */
      watermark: number;
      channels?: Set<string>;
    },
  ): Promise<{ after: string; list: Record<string, unknown>[] } | undefined> {
    const nowS = Math.floor(q.now.getTime() / 1000);
    const windowStart = nowS - 7 * 86400;
    // Never past the watermark: a movement created before it is written, one after it may not be yet.
    const upToS = Math.min(nowS - q.lagSeconds, q.watermark);
    if (upToS < windowStart) return undefined;
    const cursor = q.after ? parseCursor(q.after) : undefined;
    let afterKey =
      cursor && cursor.seconds >= windowStart
        ? feedSortKey(cursor.seconds, cursor.txn)
        : feedSortKey(windowStart, '');
    const upToKey = feedSortKey(upToS, 'g'); // 'g' sorts after every hex digit: the whole last second
    const fromSeconds = Number(afterKey.slice(0, 10));
    const hours = await ports.activeHours(
      t.iysCode,
      t.brandCode,
      q.group,
      hourBucket(fromSeconds),
      hourBucket(upToS),
    );
    const picked: store.MovementItem[] = [];
    for (const hour of hours) {
      if (picked.length >= q.limit) break;
      const want = q.limit - picked.length;
      const parts = await Promise.all(
        Array.from({ length: store.feedShards() }, (_, shard) =>
          ports.feedPartition(
            store.feedPartitionKey(t.iysCode, t.brandCode, q.group, hour, shard),
            afterKey,
            upToKey,
            want,
          ),
        ),
      );
      const merged = parts.flat().sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
      picked.push(...merged.slice(0, want));
      if (picked.length) afterKey = picked[picked.length - 1]!.sk;
    }
    const visible = q.channels ? picked.filter((m) => q.channels!.has(m.type)) : picked;
    if (!picked.length) return undefined;
    const list = [];
    for (const item of visible) {
      const m = await readMovement(item);
      list.push({
        ...movementView(m),
        ...(q.group === 'IYS' && m.citizenName ? { citizenName: m.citizenName } : {}),
      });
    }
    const last = picked[picked.length - 1]!;
    return { after: formatCursor(last.cr, last.txn), list };
  }

  return {
    consentKeys,
    recordConsent,
    readMovement,
    consentStatus,
    approvedRecipients,
    consentHistory,
    changes,
    recordConsents: writer.recordConsents,
  };
}

export type ConsentUseCases = ReturnType<typeof consentUseCases>;
