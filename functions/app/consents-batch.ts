import { blindIndex, providerSecret, registryIndexSecret } from '../adapters/blind-index.js';
import * as store from '../adapters/consent-store.js';
import { type Sealed, seal } from '../adapters/envelope.js';
import type { ProviderItem } from '../adapters/registry-store.js';
import { formatTurkeyTime } from '../domain/consent/dates.js';
import { applyMovement } from '../domain/consent/transitions.js';
import type { Actor, ConsentRecord } from '../domain/consent/types.js';
import { validateConsent } from '../domain/consent/validate.js';
import { errorItem, IysError, type IysErrorItem } from '../domain/errors.js';
import { feedGroup, type Movement, personalData, transactionId } from '../domain/movement.js';
import { basisOf, type Repeat, stateOf, type Target } from './consents.js';
import { directory } from './directory.js';
import { checkRetailerCodes, tiesChanged } from './retailers.js';
import { consentLimitGate } from './subscriptions.js';

/**
 * Many consents at once (İYS batches, bulk-file chunks) with the same rules as `recordConsent`
 * (functions/app/consents.ts): same validation, same transitions, same transactionId basis, same state
 * item, same conditional commit. What differs is the cost: one provider look-up, one blind-index secret,
 * one BatchGetItem per 100 consents, data keys from the envelope cache, and conditional writes run with
 * bounded concurrency. Rows of the same consent are applied one after the other, in the order given.
 *
 * Storage and crypto sit behind `ConsentPorts`, so the benchmark can run the same code with in-process
 * fakes; `awsConsentPorts` is the production wiring.
 */
export interface ConsentPorts {
  provider(iysCode: number): Promise<ProviderItem | undefined>;
  providerSecret(p: ProviderItem): Promise<Buffer>;
  registrySecret(): Promise<Buffer>;
  seal(keyId: string, iysCode: number, brandCode: number, aad: string, plain: Uint8Array): Promise<Sealed>;
  getStates(keys: { pk: string; sk: string }[]): Promise<store.StateItem[]>;
  getState(key: { pk: string; sk: string }): Promise<store.StateItem | undefined>;
  putState(item: store.StateItem, expectedSeq: number | undefined): Promise<'ok' | 'conflict'>;
  /** Adds a new consent to the registry-wide recipient index (the recipient side; address counting). */
  indexRecipient(state: store.StateItem): Promise<void>;
  /** H525: may the provider take a consent for this address (a new consent key)? Throws IysError. */
  admitNewConsent(provider: ProviderItem, ridx: string, enforce: boolean): Promise<void>;
  /** H180: retailers named by a consent must belong to the brand. Throws IysError. */
  checkRetailers(t: Target, record: ConsentRecord): Promise<void>;
  /** Retailer consent counts follow a consent's ties. */
  tiesChanged(t: Target, before: store.StateItem | undefined, after: store.StateItem): Promise<void>;
}

export const awsConsentPorts: ConsentPorts = {
  provider: (iysCode) => directory.provider(iysCode),
  providerSecret,
  registrySecret: registryIndexSecret,
  seal,
  getStates: store.getStates,
  getState: store.getState,
  putState: store.putState,
  indexRecipient: store.putRecipientIndex,
  admitNewConsent: (provider, ridx, enforce) => consentLimitGate(provider, ridx, { enforce }),
  checkRetailers: async (t, record) => {
    if (record.retailerCode !== undefined)
      await checkRetailerCodes(t, { field: 'retailerCode', codes: [record.retailerCode], single: true });
    if (record.retailerAccess?.length)
      await checkRetailerCodes(t, { field: 'retailerAccess', codes: record.retailerAccess });
  },
  tiesChanged: (t, before, after) => tiesChanged(t, before, after),
};

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
  ports?: ConsentPorts;
  /** Consents written at the same time (each consent's rows stay sequential). */
  concurrency?: number;
}

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

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!);
    }
  });
  await Promise.all(runners);
}

/**
 * Validates and records every row; returns one outcome per row, in the rows' order. A refused row (field
 * rules or transitions) is a failure outcome, never an exception; infrastructure errors throw (the caller's
 * message is then delivered again, and the repeat rules make the rows already recorded answer the same).
 */
export async function recordConsents(
  t: Target,
  rows: ConsentRow[],
  opts: BatchOptions,
): Promise<RowOutcome[]> {
  const ports = opts.ports ?? awsConsentPorts;
  const out: RowOutcome[] = new Array(rows.length);
  const records: (ConsentRecord | undefined)[] = new Array(rows.length);
  for (const [i, row] of rows.entries()) {
    const v = validateConsent(row.input, { now: opts.now, actor: opts.actor });
    if (v.ok) records[i] = v.value;
    else out[i] = { ok: false, errors: v.errors };
  }
  // Retailers named by a consent must be the brand's (cached look-ups; nothing to do without retailer fields).
  for (const [i, r] of records.entries()) {
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
  const groups = new Map<string, { key: { pk: string; sk: string }; ridx: string; rows: number[] }>();
  for (const [i, r] of records.entries()) {
    if (!r) continue;
    const key = store.stateKey(
      t.iysCode,
      t.brandCode,
      blindIndex(secret, r.recipient),
      r.recipientType,
      r.type,
    );
    const id = `${key.pk}|${key.sk}`;
    let g = groups.get(id);
    if (!g) {
      g = { key, ridx: blindIndex(registrySecret, r.recipient), rows: [] };
      groups.set(id, g);
    }
    g.rows.push(i);
  }
  const found = await ports.getStates([...groups.values()].map((g) => g.key));
  const current = new Map(found.map((s) => [`${s.pk}|${s.sk}`, s]));
  const nowSeconds = Math.floor(opts.now.getTime() / 1000);

  await pool([...groups.entries()], opts.concurrency ?? 16, async ([id, g]) => {
    let state = current.get(id);
    let created = false;
    for (const i of g.rows) {
      const record = records[i]!;
      const input = rows[i]!.input;
      const txn = transactionId(secret, basisOf(t, input, rows[i]!.repeat, nowSeconds));
      for (let attempt = 0; ; attempt++) {
        if (attempt >= maxAttempts) {
          out[i] = { ok: false, errors: [errorItem('X010')] };
          break;
        }
        const seen = state?.refs.find((r) => r.includes(`|${txn}|`));
        if (seen) {
          out[i] = {
            ok: true,
            transactionId: txn,
            creationDate: formatTurkeyTime(store.parseRef(seen).seconds * 1000),
            created: false,
          };
          break;
        }
        const transition = applyMovement(
          state ? stateOf(state, record.recipient, record.recipientKind) : undefined,
          record,
        );
        if (!transition.ok) {
          out[i] = { ok: false, errors: transition.errors };
          break;
        }
        if (!state) {
          // A new consent key: the package's consent limit counts addresses (H525).
          const refused = await refusal(() => ports.admitNewConsent(provider, g.ridx, opts.actor === 'HS'));
          if (refused) {
            out[i] = refused;
            break;
          }
        }
        const item = await compose(
          t,
          provider,
          ports,
          transition.state,
          state,
          txn,
          nowSeconds,
          g.key,
          g.ridx,
          rows[i]!.citizenName,
        );
        const outcome = await ports.putState(item, state?.seq);
        if (outcome === 'conflict') {
          state = await ports.getState(g.key);
          continue;
        }
        if (!state) created = true;
        if (
          item.retailerCode !== undefined ||
          item.retailerAccess?.length ||
          state?.retailerCode !== undefined ||
          state?.retailerAccess?.length
        )
          await ports.tiesChanged(t, state, item);
        state = item;
        out[i] = {
          ok: true,
          transactionId: txn,
          creationDate: formatTurkeyTime(item.cr * 1000),
          created: true,
        };
        break;
      }
    }
    // The recipient index goes with a consent this job created, also when a redelivery finds the consent
    // already written (the first run may have stopped between the state and the index).
    const first = state?.refs[0] ? store.parseRef(state.refs[0]).txn : undefined;
    const ours = g.rows.some((i) => {
      const o = out[i];
      return o?.ok && o.transactionId === first;
    });
    if (state && (created || ours)) await ports.indexRecipient(state);
  });
  return out;
}

/** The movement and the state item, exactly as recordConsent builds them. */
async function compose(
  t: Target,
  provider: ProviderItem,
  ports: ConsentPorts,
  next: ConsentRecord,
  current: store.StateItem | undefined,
  txn: string,
  nowSeconds: number,
  key: { pk: string; sk: string },
  ridx: string,
  citizenName?: string,
): Promise<store.StateItem> {
  const cr = Math.max(nowSeconds, current?.cr ?? 0);
  const movement: Movement = {
    iysCode: t.iysCode,
    brandCode: t.brandCode,
    recipient: next.recipient,
    recipientType: next.recipientType,
    type: next.type,
    status: next.status,
    ...(next.source ? { source: next.source } : {}),
    ...(next.consentDate ? { consentDate: next.consentDate.text } : {}),
    creationDate: formatTurkeyTime(cr * 1000),
    transactionId: txn,
    ...(next.retailerCode !== undefined ? { retailerCode: next.retailerCode } : {}),
    ...(next.retailerAccess ? { retailerAccess: next.retailerAccess } : {}),
    ...(citizenName && next.source === 'IYS_WEB_YENI' ? { citizenName } : {}),
  };
  const sealed = await ports.seal(provider.dataKeyId, t.iysCode, t.brandCode, txn, personalData(movement));
  return {
    ...key,
    kind: 'STATE',
    iysCode: t.iysCode,
    brandCode: t.brandCode,
    recipientType: next.recipientType,
    type: next.type,
    status: next.status,
    ...(next.source ? { source: next.source } : {}),
    ...(next.consentDate ? { cd: next.consentDate.epochMs } : {}),
    cr,
    txn,
    seq: (current?.seq ?? 0) + 1,
    refs: [...(current?.refs ?? []), store.refOf(cr, txn, feedGroup(next.source))],
    ...(next.retailerCode !== undefined ? { retailerCode: next.retailerCode } : {}),
    ...(next.retailerAccess ? { retailerAccess: next.retailerAccess } : {}),
    ridx,
    dk: sealed.dk,
    ct: sealed.ct,
  };
}
