import type { MovementItem, StateItem } from '../../../functions/adapters/consent-store.js';
import * as layout from '../../../functions/adapters/consent-store.js';
import type { ProviderItem } from '../../../functions/adapters/registry-store.js';
import type { ConsentsPorts } from '../../../functions/app/consents.js';
import { IysError } from '../../../functions/domain/errors.js';

/**
 * In-memory fakes of the consent use cases' ports: a state table with conditional writes, movement pages
 * the test fills as the stream would, a reversible "seal" (the record's bytes, bound to its aad), and
 * counters of what each port was asked. The storage layout is the real one (pure functions).
 */
export const PROVIDER: ProviderItem = {
  iysCode: 700001,
  title: 'Fake',
  dataKeyId: 'alias/fake',
  signingKeyId: 'alias/fake/signing',
  blindIndexKey: new Uint8Array(32),
  createdAt: '2026-01-01T00:00:00Z',
} as ProviderItem;

export function memoryConsents(opts: { now: Date }) {
  const states = new Map<string, StateItem>();
  const movements = new Map<string, MovementItem>();
  const calls = {
    putStates: 0,
    getStates: 0,
    sealMany: 0,
    indexed: [] as StateItem[],
    ties: 0,
    recorded: 0,
    refused: new Map<string, number>(),
    conflicts: 0,
    /** Retailer codes whose title consentDetail asked for. */
    retailerTitles: [] as number[],
  };
  const key = (k: { pk: string; sk: string }) => `${k.pk}|${k.sk}`;
  let clock = opts.now;
  const control = {
    provider: PROVIDER as ProviderItem | undefined,
    /** Writes that lose their race before they apply (a concurrent writer of the same consent). */
    conflictsToInject: 0,
    /** Retailer codes that are the brand's. */
    retailers: new Set<number>(),
    /** Titles of the brand's retailers (consentDetail's retailerTitle). */
    titles: new Map<number, string>(),
    /** H525: addresses the provider already holds and how many in all. */
    usage: { held: [] as string[], used: 0 },
    watermark: Number.POSITIVE_INFINITY,
  };
  const ports: ConsentsPorts = {
    provider: async (iysCode) => (control.provider?.iysCode === iysCode ? control.provider : undefined),
    providerSecret: async () => Buffer.alloc(32, 1),
    registrySecret: async () => Buffer.alloc(32, 2),
    sealMany: async (_keyId, _iys, _brand, records) => {
      calls.sealMany++;
      return records.map((r) => ({
        dk: new Uint8Array([1]),
        ct: Buffer.concat([Buffer.from(`${r.aad}|`), Buffer.from(r.plain)]),
      }));
    },
    open: async (sealed, _iys, _brand, aad) => {
      const ct = Buffer.from(sealed.ct);
      const bar = ct.indexOf('|');
      if (ct.subarray(0, bar).toString() !== aad) throw new Error('aad mismatch');
      return ct.subarray(bar + 1);
    },
    getStates: async (keys) => {
      calls.getStates++;
      return keys.map((k) => states.get(key(k))).filter((s): s is StateItem => Boolean(s));
    },
    putStates: async (writes) => {
      calls.putStates++;
      return writes.map(({ item, expectedSeq }) => {
        if (control.conflictsToInject > 0) {
          control.conflictsToInject--;
          return 'conflict';
        }
        if (states.get(key(item))?.seq !== expectedSeq) return 'conflict';
        states.set(key(item), structuredClone(item));
        return 'ok';
      });
    },
    indexRecipients: async (s) => {
      calls.indexed.push(...s);
    },
    addressUsage: async () => control.usage,
    checkRetailers: async (_t, record) => {
      const codes = [
        ...(record.retailerCode !== undefined ? [record.retailerCode] : []),
        ...(record.retailerAccess ?? []),
      ];
      const bad = codes.filter((c) => !control.retailers.has(c));
      if (bad.length) throw IysError.of('H180', { location: ['retailerCode'], value: bad[0] });
    },
    tiesChanged: async () => {
      calls.ties++;
    },
    watermark: async () => control.watermark,
    now: () => clock,
    layout,
    metrics: {
      consentsRecorded: (n) => {
        calls.recorded += n;
      },
      consentsRefused: (n, code) => {
        calls.refused.set(code, (calls.refused.get(code) ?? 0) + n);
      },
      writeConflicts: (n) => {
        calls.conflicts += n;
      },
    },
    getState: async (k) => states.get(key(k)),
    getStatuses: async (keys) =>
      keys
        .map((k) => states.get(key(k)))
        .filter((s): s is StateItem => Boolean(s))
        .map((s) => ({ pk: s.pk, sk: s.sk, status: s.status })),
    getMovements: async (keys) =>
      keys.map((k) => movements.get(key(k))).filter((m): m is MovementItem => Boolean(m)),
    activeHours: async (iysCode, brandCode, group, from, to) => {
      const hours = new Set<string>();
      for (const m of movements.values())
        if (m.iysCode === iysCode && m.brandCode === brandCode && m.pk.includes(`#${group}#`)) {
          const hour = m.pk.split('#')[4]!;
          if (hour >= from && hour <= to) hours.add(hour);
        }
      return [...hours].sort();
    },
    feedPartition: async (pk, after, upTo, limit) =>
      [...movements.values()]
        .filter((m) => m.pk === pk && m.sk > after && m.sk <= upTo)
        .sort((a, b) => (a.sk < b.sk ? -1 : 1))
        .slice(0, limit),
    retailerTitle: async (_iysCode, _brandCode, code) => {
      calls.retailerTitles.push(code);
      return control.titles.get(code);
    },
  };
  /** What the stream consumer does: every state's movements become movement items. */
  const stream = () => {
    for (const s of states.values()) {
      const { refs: _r, pend: _p, pk: _pk, sk: _sk, kind: _k, ridx: _x, ...rest } = s;
      const ref = layout.parseRef(s.refs[s.refs.length - 1]!);
      const k = layout.movementKey(s.iysCode, s.brandCode, ref.group, s.cr, s.txn);
      movements.set(key(k), { ...rest, ...k, kind: 'MOVE', seq: s.seq } as MovementItem);
    }
  };
  return {
    ports,
    states,
    movements,
    calls,
    control,
    stream,
    setNow: (d: Date) => {
      clock = d;
    },
  };
}
