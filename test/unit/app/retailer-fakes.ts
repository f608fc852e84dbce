import type { StateItem } from '../../../functions/adapters/consent-store.js';
import { stateKey } from '../../../functions/adapters/consent-store.js';
import type { ProviderItem } from '../../../functions/adapters/registry-store.js';
import type { RetailerCodeItem, RetailerItem } from '../../../functions/adapters/retailer-store.js';
import { retailerKeys } from '../../../functions/adapters/retailer-store.js';
import type { RetailerPorts, RetailerUseCases, Target } from '../../../functions/app/retailers.js';
import { retailerUseCases } from '../../../functions/app/retailers.js';
import { normaliseRecipient } from '../../../functions/domain/consent/address.js';
import type { ConsentType } from '../../../functions/domain/consent/types.js';
import { blindIndex } from '../../../functions/domain/movement.js';
import type { RetailerTies } from '../../../functions/domain/retailers.js';

/**
 * In-memory fakes of the retailer use cases' ports: retailer profiles, code claims (kept as tombstones after
 * a delete), uniqueness claims and the brand's retailer count, as the Registry table keeps them; consent
 * states with versioned tie writes; counters of what each port was asked. The storage layout is the real one
 * (pure functions), so a claim's key holds the HMAC of the number, never the number.
 */
export const BRAND: Target = { iysCode: 700001, brandCode: 700001 };
export const OTHER_BRAND: Target = { iysCode: 700001, brandCode: 700002 };
export const PROVIDER = { iysCode: 700001, title: 'Fake', blindIndexKey: new Uint8Array(32) } as ProviderItem;
const providerSecret = Buffer.alloc(32, 1);
const registrySecret = Buffer.alloc(32, 2);

type Key = { pk: string; sk: string };
const id = (k: Key) => `${k.pk}|${k.sk}`;
const profileId = (iysCode: number, brandCode: number, code: number) => `${iysCode}:${brandCode}:${code}`;

export function memoryRetailers(opts: { now: Date }) {
  const profiles = new Map<string, RetailerItem>();
  const codes = new Map<number, RetailerCodeItem>();
  const claims = new Map<string, number>();
  const brandCounts = new Map<string, number>();
  const states = new Map<string, StateItem>();
  const control = {
    provider: PROVIDER as ProviderItem | undefined,
    /** An emulator without cancellation reasons: every refused create looks like a code collision. */
    noReasons: false,
    /** Creates that meet a code issued elsewhere a moment before (the store answers code-taken). */
    collisions: 0,
    /** Tie writes that lose their race to a concurrent writer of the same consent. */
    conflictsToInject: 0,
    /** A consent tied to the retailer between the read and the delete: the store refuses. */
    tiedBeforeDelete: false,
  };
  const calls = {
    creates: 0,
    lookups: [] as number[][],
    forgotten: [] as number[],
    tieWrites: 0,
    countChanges: [] as Map<number, number>[],
    accessChanged: [] as Parameters<RetailerPorts['accessChanged']>[0][],
  };

  const ports: RetailerPorts = {
    registrySecret: async () => registrySecret,
    provider: async (iysCode) => (control.provider?.iysCode === iysCode ? control.provider : undefined),
    providerSecret: async () => providerSecret,
    createRetailer: async (r, unique, brandKey) => {
      calls.creates++;
      if (control.collisions > 0) {
        control.collisions--;
        return { ok: false, reason: 'code-taken' };
      }
      const tcknTaken = claims.has(id(unique.tckn));
      const mersisTaken = unique.mersis !== undefined && claims.has(id(unique.mersis));
      if (tcknTaken) return { ok: false, reason: control.noReasons ? 'code-taken' : 'tckn-taken' };
      if (mersisTaken) return { ok: false, reason: control.noReasons ? 'code-taken' : 'mersis-taken' };
      if (codes.has(r.retailerCode)) return { ok: false, reason: 'code-taken' };
      codes.set(r.retailerCode, { retailerCode: r.retailerCode, iysCode: r.iysCode, brandCode: r.brandCode });
      claims.set(id(unique.tckn), r.retailerCode);
      if (unique.mersis) claims.set(id(unique.mersis), r.retailerCode);
      profiles.set(profileId(r.iysCode, r.brandCode, r.retailerCode), structuredClone(r));
      brandCounts.set(id(brandKey), (brandCounts.get(id(brandKey)) ?? 0) + 1);
      return { ok: true };
    },
    claimHolder: async (key) => claims.get(id(key)),
    retailer: async (iysCode, brandCode, code) => {
      const r = profiles.get(profileId(iysCode, brandCode, code));
      return r && structuredClone(r);
    },
    listRetailers: async (iysCode, brandCode) =>
      [...profiles.values()]
        .filter((r) => r.iysCode === iysCode && r.brandCode === brandCode)
        .sort((a, b) => a.retailerCode - b.retailerCode)
        .map((r) => structuredClone(r)),
    retailers: async (iysCode, brandCode, wanted) =>
      wanted.flatMap((c) => {
        const r = profiles.get(profileId(iysCode, brandCode, c));
        return r ? [structuredClone(r)] : [];
      }),
    deleteRetailer: async (r, unique, brandKey) => {
      const pid = profileId(r.iysCode, r.brandCode, r.retailerCode);
      const held = profiles.get(pid);
      if (!held || control.tiedBeforeDelete || (held.accessCount ?? 0) > 0) return false;
      profiles.delete(pid);
      codes.set(r.retailerCode, { ...codes.get(r.retailerCode)!, deleted: true });
      for (const k of unique) claims.delete(id(k));
      brandCounts.set(id(brandKey), (brandCounts.get(id(brandKey)) ?? 0) - 1);
      return true;
    },
    addAccessCounts: async (iysCode, brandCode, delta) => {
      calls.countChanges.push(new Map(delta));
      for (const [code, d] of delta) {
        const r = profiles.get(profileId(iysCode, brandCode, code));
        if (r && d !== 0) r.accessCount += d;
      }
    },
    retailerBrands: async (wanted) => {
      calls.lookups.push([...wanted]);
      const out = new Map<number, Target>();
      for (const c of wanted) {
        const k = codes.get(c);
        if (k && !k.deleted) out.set(c, { iysCode: k.iysCode, brandCode: k.brandCode });
      }
      return out;
    },
    forgetRetailer: (code) => {
      calls.forgotten.push(code);
    },
    consentState: async (key) => {
      const s = states.get(id(key));
      return s && structuredClone(s);
    },
    setConsentTies: async (key, expectedSeq, ties) => {
      calls.tieWrites++;
      const s = states.get(id(key));
      if (!s) throw new Error('tie write on a consent that does not exist');
      if (control.conflictsToInject > 0) {
        control.conflictsToInject--;
        s.seq++; // the concurrent writer committed first
        return 'conflict';
      }
      if (s.seq !== expectedSeq) return 'conflict';
      s.seq++;
      if (ties.retailerCode !== undefined) s.retailerCode = ties.retailerCode;
      else delete s.retailerCode;
      if (ties.retailerAccess?.length) s.retailerAccess = [...ties.retailerAccess];
      else delete s.retailerAccess;
      return 'ok';
    },
    now: () => opts.now,
    accessChanged: (summary) => {
      calls.accessChanged.push(summary);
    },
    layout: { uniqueKey: retailerKeys.unique, stateKey },
  };

  /** The state key of a consent of the brand, as the consent write path builds it. */
  function consentKey(t: Target, recipient: string, type: ConsentType): Key {
    const r = normaliseRecipient(recipient, type);
    if (!r.ok) throw new Error(`not a recipient: ${recipient}`);
    return stateKey(t.iysCode, t.brandCode, blindIndex(providerSecret, r.value), 'BIREYSEL', type);
  }

  const fake = {
    ports,
    control,
    calls,
    profiles,
    claims,
    brandCounts,
    /** A consent of the brand with these ties (as the consent write path would have left it). */
    putConsent(t: Target, recipient: string, type: ConsentType, ties: RetailerTies = {}) {
      const key = consentKey(t, recipient, type);
      states.set(id(key), {
        ...key,
        kind: 'STATE',
        iysCode: t.iysCode,
        brandCode: t.brandCode,
        recipientType: 'BIREYSEL',
        type,
        status: 'ONAY',
        cr: Math.floor(opts.now.getTime() / 1000),
        txn: 'txn-1',
        seq: 1,
        refs: [],
        ridx: 'ridx',
        dk: new Uint8Array([1]),
        ct: new Uint8Array([1]),
        ...(ties.retailerCode !== undefined ? { retailerCode: ties.retailerCode } : {}),
        ...(ties.retailerAccess ? { retailerAccess: [...ties.retailerAccess] } : {}),
      });
    },
    /** The ties a consent holds now, or undefined when there is no such consent. */
    tiesOf(t: Target, recipient: string, type: ConsentType): RetailerTies | undefined {
      const s = states.get(id(consentKey(t, recipient, type)));
      if (!s) return undefined;
      return {
        ...(s.retailerCode !== undefined ? { retailerCode: s.retailerCode } : {}),
        ...(s.retailerAccess ? { retailerAccess: s.retailerAccess } : {}),
      };
    },
    /** How many of the brand's consents the retailer is tied to, by its count. */
    countOf(t: Target, code: number): number | undefined {
      return profiles.get(profileId(t.iysCode, t.brandCode, code))?.accessCount;
    },
    /** A retailer written directly (as an earlier create or another brand would have left it). */
    putRetailer(r: Partial<RetailerItem> & Target & { retailerCode: number }) {
      const item: RetailerItem = {
        title: `Bayi ${r.retailerCode}`,
        name: 'Ad Soyad',
        tckn: '10000000146',
        tin: '1234567890',
        city: { code: 34, name: 'İSTANBUL' },
        town: { code: 450, name: 'KADIKÖY' },
        status: 'active',
        accessCount: 0,
        createdAt: opts.now.toISOString(),
        ...r,
      };
      profiles.set(profileId(r.iysCode, r.brandCode, r.retailerCode), item);
      codes.set(r.retailerCode, { retailerCode: r.retailerCode, iysCode: r.iysCode, brandCode: r.brandCode });
      return item;
    },
  };
  return fake;
}

export function retailersOver(fake: ReturnType<typeof memoryRetailers>): RetailerUseCases {
  return retailerUseCases(fake.ports);
}
