import { randomInt, randomUUID } from 'node:crypto';
import type * as consentStore from '../adapters/consent-store.js';
import type { ProviderItem } from '../adapters/registry-store.js';
import type * as store from '../adapters/retailer-store.js';
import { normaliseRecipient } from '../domain/consent/address.js';
import { formatTurkeyTime } from '../domain/consent/dates.js';
import type { ConsentType, RecipientType } from '../domain/consent/types.js';
import { errorItem, IysError } from '../domain/errors.js';
import { blindIndex } from '../domain/movement.js';
import {
  type AccessChange,
  applyAccessChange,
  RETAILER_CODE_MAX,
  RETAILER_CODE_MIN,
  type RetailerTies,
  sameTies,
  tieDelta,
  tiedRetailers,
} from '../domain/retailers.js';
import type { CreateRetailerBody } from '../schemas/retailers.js';

/**
 * Retailer use cases: the brand's retailers (create, list, get, delete) and their access to the brand's
 * consents (add, override, remove, remove all, list per consent). A consent's retailers can use it for
 * that brand only, so every code is checked against the brand (H180).
 */
export interface Target {
  iysCode: number;
  brandCode: number;
}

type Key = { pk: string; sk: string };

/** What the retailer use cases reach: the retailer items, the consents' ties, the secrets, the look-ups. */
export interface RetailerPorts {
  /** The registry-wide blind-index secret: a retailer's TCKN and MERSIS are claimed under their HMACs. */
  registrySecret(): Promise<Buffer>;
  /** Cached look-up (the directory). */
  provider(iysCode: number): Promise<ProviderItem | undefined>;
  /** The provider's blind-index secret: a consent's key holds the HMAC of its address. */
  providerSecret(p: ProviderItem): Promise<Buffer>;
  /** Profile, code claim and uniqueness claims commit together; the brand's retailer count follows. */
  createRetailer: typeof store.createRetailer;
  /** The retailer code holding a uniqueness claim, if any. */
  claimHolder(key: Key): Promise<number | undefined>;
  retailer(iysCode: number, brandCode: number, code: number): Promise<store.RetailerItem | undefined>;
  /** The brand's retailers in code order. */
  listRetailers(iysCode: number, brandCode: number): Promise<store.RetailerItem[]>;
  /** The brand's retailers of these codes (those that exist). */
  retailers(iysCode: number, brandCode: number, codes: number[]): Promise<store.RetailerItem[]>;
  /** false when the retailer is tied to a consent by now. */
  deleteRetailer: typeof store.deleteRetailer;
  /** Adds per-retailer deltas to their consent counts. */
  addAccessCounts(iysCode: number, brandCode: number, delta: Map<number, number>): Promise<void>;
  /**
   * The brand each of these retailer codes belongs to, for those known (cached per warm container; codes
   * not known are looked up again every time, deleted ones are not known).
   */
  retailerBrands(codes: number[]): Promise<Map<number, Target>>;
  /** A retailer deleted here is no longer known to this container's look-ups. */
  forgetRetailer(code: number): void;
  consentState(key: Key): Promise<consentStore.StateItem | undefined>;
  /** Sets a consent's ties on top of the version read; 'conflict' → read again. */
  setConsentTies: typeof store.setConsentTies;
  now(): Date;
  /** What an operator sees of an access change: how many consents it changed, how many did not exist. */
  accessChanged(summary: {
    iysCode: number;
    brandCode: number;
    kind: AccessChange['kind'];
    changed: number;
    missing: number;
  }): void;
  /** The storage layout: uniqueness claims of retailers, state keys of consents. */
  layout: RetailerLayout;
}

export interface RetailerLayout {
  uniqueKey: typeof store.retailerKeys.unique;
  stateKey: typeof consentStore.stateKey;
}

/** The brand item's key (layout of functions/adapters/registry-store.ts), for the retailer count. */
const brandKey = (t: Target) => ({
  pk: `SP#${t.iysCode}`,
  sk: `BRAND#${String(t.brandCode).padStart(12, '0')}`,
});

const maxCodeAttempts = 20;

interface ConsentRef {
  recipient: string;
  recipientType: RecipientType;
  type: ConsentType;
}

function shortView(r: store.RetailerItem) {
  const city = { code: String(r.city.code), name: r.city.name };
  return {
    title: r.title,
    city,
    retailerAccessCount: Math.max(0, r.accessCount ?? 0),
    retailerCode: r.retailerCode,
    status: r.status,
  };
}

function view(r: store.RetailerItem) {
  const city = { code: String(r.city.code), name: r.city.name };
  return {
    title: r.title,
    ...(r.mersis ? { mersis: r.mersis } : {}),
    ...(r.alias ? { alias: r.alias } : {}),
    name: r.name,
    tckn: r.tckn,
    ...(r.mobile ? { mobile: r.mobile } : {}),
    tin: r.tin,
    city,
    town: { code: String(r.town.code), name: r.town.name },
    status: r.status,
    retailerAccessCount: Math.max(0, r.accessCount ?? 0),
    retailerCode: r.retailerCode,
  };
}

export function retailerUseCases(ports: RetailerPorts) {
  async function uniqueKeys(t: Target, r: { tckn: string; mersis?: string | undefined }) {
    const secret = await ports.registrySecret();
    return {
      tckn: ports.layout.uniqueKey(
        t.iysCode,
        t.brandCode,
        'T',
        blindIndex(secret, `retailer-tckn:${r.tckn}`),
      ),
      ...(r.mersis
        ? {
            mersis: ports.layout.uniqueKey(
              t.iysCode,
              t.brandCode,
              'M',
              blindIndex(secret, `retailer-mersis:${r.mersis}`),
            ),
          }
        : {}),
    };
  }

  async function createRetailer(t: Target, body: CreateRetailerBody): Promise<number> {
    const now = ports.now();
    const keys = await uniqueKeys(t, body);
    for (let attempt = 0; attempt < maxCodeAttempts; attempt++) {
      const retailerCode = randomInt(RETAILER_CODE_MIN, RETAILER_CODE_MAX + 1);
      const item: store.RetailerItem = {
        iysCode: t.iysCode,
        brandCode: t.brandCode,
        retailerCode,
        title: body.title,
        name: body.name,
        tckn: body.tckn,
        tin: body.tin,
        ...(body.mersis ? { mersis: body.mersis } : {}),
        ...(body.alias ? { alias: body.alias } : {}),
        ...(body.mobile ? { mobile: body.mobile } : {}),
        city: body.city as unknown as store.RetailerItem['city'],
        town: body.town as unknown as store.RetailerItem['town'],
        status: body.status ?? 'active',
        accessCount: 0,
        createdAt: now.toISOString(),
      };
      const r = await ports.createRetailer(item, keys, brandKey(t));
      if (r.ok) return retailerCode;
      if (r.reason === 'tckn-taken') throw await duplicate(t, keys.tckn, 'H231', 'tckn');
      if (r.reason === 'mersis-taken') throw await duplicate(t, keys.mersis!, 'H230', 'mersis');
      // A code collision (or an emulator without cancellation reasons): check the claims, then try a new code.
      if (await ports.claimHolder(keys.tckn)) throw await duplicate(t, keys.tckn, 'H231', 'tckn');
      if (keys.mersis && (await ports.claimHolder(keys.mersis)))
        throw await duplicate(t, keys.mersis, 'H230', 'mersis');
    }
    throw IysError.of('H067');
  }

  /** H253 when the holder of the number is a passive retailer, else the uniqueness code. */
  async function duplicate(
    t: Target,
    key: Key,
    code: 'H230' | 'H231',
    field: 'tckn' | 'mersis',
  ): Promise<IysError> {
    const holder = await ports.claimHolder(key);
    const existing = holder ? await ports.retailer(t.iysCode, t.brandCode, holder) : undefined;
    if (existing?.status === 'passive') {
      return IysError.of('H253', {
        location: [field],
        ...(field === 'tckn'
          ? {
              message:
                'Verilen iysCode altında aynı kimlik numarası ile kaydedilen pasif bir bayi hâlihazırda mevcuttur.',
            }
          : {}),
      });
    }
    return IysError.of(code, { location: [field] });
  }

  async function searchRetailers(
    t: Target,
    q: {
      offset?: number | undefined;
      limit?: number | undefined;
      short?: boolean | undefined;
      all?: boolean | undefined;
    },
  ) {
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    let list = await ports.listRetailers(t.iysCode, t.brandCode);
    // Without `all`, passive retailers are left out (İYS: `all` lists every retailer).
    if (!q.all) list = list.filter((r) => r.status !== 'passive');
    const page = list.slice(offset, offset + limit);
    return {
      pagination: {
        offset,
        pageSize: page.length,
        totalCount: list.length,
        currentPage: Math.floor(offset / limit) + 1,
      },
      list: page.map((r) => (q.short ? shortView(r) : view(r))),
    };
  }

  /** İYS answers 200 also when there is no such retailer (release notes 0.2.0): an empty object then. */
  async function searchSingleRetailer(t: Target, code: number) {
    const r = await ports.retailer(t.iysCode, t.brandCode, code);
    if (!r) return {};
    const { retailerCode: _c, ...rest } = view(r);
    return rest;
  }

  /**
   * İYS answers 400 when the retailer is tied to a consent but documents no code for it; H1022 is İYS's 400
   * "to delete A, B must be deleted first" (docs/errors.md, "Where we differ from İYS on purpose").
   */
  const stillTied = (code: number) =>
    IysError.of('H1022', {
      vars: {
        request: `Bayi:${code}`,
        request_detail: 'bayinin izin ilişkileri (retailerCode, retailerAccess)',
      },
      location: ['retailerCode'],
      value: code,
    });

  async function deleteRetailer(t: Target, code: number): Promise<void> {
    const r = await ports.retailer(t.iysCode, t.brandCode, code);
    if (!r)
      throw IysError.of('H058', { vars: { retailerCode: code }, location: ['retailerCode'], value: code });
    if ((r.accessCount ?? 0) > 0) throw stillTied(code);
    const keys = await uniqueKeys(t, r);
    const ok = await ports.deleteRetailer(r, [keys.tckn, ...(keys.mersis ? [keys.mersis] : [])], brandKey(t));
    if (!ok) throw stillTied(code);
    ports.forgetRetailer(code);
  }

  /** Refuses codes that are not retailers of this brand (403 H180, location `[field, i]` or `[field]`). */
  async function checkRetailerCodes(
    t: Target,
    list: { field: string; codes: number[]; single?: boolean },
    index?: number,
  ): Promise<void> {
    const known = await ports.retailerBrands(list.codes);
    const errors = [];
    for (const [i, code] of list.codes.entries()) {
      const k = known.get(code);
      if (k && k.iysCode === t.iysCode && k.brandCode === t.brandCode) continue;
      errors.push(
        errorItem('H180', {
          location: list.single ? [list.field] : [list.field, i],
          value: code,
          ...(index !== undefined ? { index } : {}),
        }),
      );
    }
    if (errors.length) throw new IysError(errors);
  }

  /** After a consent's ties changed (any path): each retailer's consent count follows. */
  async function tiesChanged(t: Target, before: RetailerTies | undefined, after: RetailerTies | undefined) {
    const delta = tieDelta(before, after);
    if (delta.size) await ports.addAccessCounts(t.iysCode, t.brandCode, delta);
  }

  // ---- access to consents --------------------------------------------------------------------------------

  async function stateKeyOf(t: Target, c: ConsentRef) {
    const provider = await ports.provider(t.iysCode);
    if (!provider) throw IysError.of('H001', { vars: { iysCode: t.iysCode } });
    const r = normaliseRecipient(c.recipient, c.type);
    if (!r.ok) throw new IysError(r.errors);
    // The consent's state key (as functions/app/consents.ts builds it): provider blind index of the address.
    const secret = await ports.providerSecret(provider);
    return ports.layout.stateKey(
      t.iysCode,
      t.brandCode,
      blindIndex(secret, r.value),
      c.recipientType,
      c.type,
    );
  }

  /** Applies one access change to one consent; false when the consent does not exist. */
  async function changeTies(t: Target, key: Key, change: AccessChange): Promise<boolean> {
    for (let attempt = 0; attempt < 12; attempt++) {
      const state = await ports.consentState(key);
      if (!state) return false;
      const before: RetailerTies = {
        ...(state.retailerCode !== undefined ? { retailerCode: state.retailerCode } : {}),
        ...(state.retailerAccess ? { retailerAccess: state.retailerAccess } : {}),
      };
      const after = applyAccessChange(before, change);
      if ((after.retailerAccess?.length ?? 0) > 3000)
        throw IysError.of('H126', { location: ['retailerAccess'] });
      if (sameTies(before, after)) return true;
      const outcome = await ports.setConsentTies(key, state.seq, after);
      if (outcome === 'conflict') continue;
      await tiesChanged(t, before, after);
      return true;
    }
    throw IysError.of('X010');
  }

  /** addRetailers: one consent; H401 when it does not exist. */
  async function addRetailers(
    t: Target,
    body: ConsentRef & { retailerAccess: number[] },
  ): Promise<{ transactionId: string; creationDate: string }> {
    const now = ports.now();
    await checkRetailerCodes(t, { field: 'retailerAccess', codes: body.retailerAccess });
    const key = await stateKeyOf(t, body);
    if (!(await changeTies(t, key, { kind: 'add', codes: body.retailerAccess }))) throw IysError.of('H401');
    // Access changes are not consent movements: the id names this request (İYS answers a UUID here too).
    return { transactionId: randomUUID(), creationDate: formatTurkeyTime(now.getTime()) };
  }

  /** override / remove / remove all on ≤ 100 consents; consents that do not exist are skipped. */
  async function changeManyConsents(
    t: Target,
    body: { recipients: string[]; recipientType: RecipientType; type: ConsentType },
    change: AccessChange,
  ): Promise<{ changed: number; missing: number }> {
    if (change.kind === 'override')
      await checkRetailerCodes(t, { field: 'retailerAccess', codes: change.codes });
    const keys = await Promise.all(
      [...new Set(body.recipients)].map((recipient) =>
        stateKeyOf(t, { recipient, recipientType: body.recipientType, type: body.type }),
      ),
    );
    let changed = 0;
    let missing = 0;
    await Promise.all(
      keys.map(async (k) => {
        if (await changeTies(t, k, change)) changed++;
        else missing++;
      }),
    );
    ports.accessChanged({ iysCode: t.iysCode, brandCode: t.brandCode, kind: change.kind, changed, missing });
    return { changed, missing };
  }

  /** searchRetailersOfOneConsent: the consent's retailers (the access list, then the broker), paginated. */
  async function retailersOfConsent(
    t: Target,
    c: ConsentRef,
    page: { offset?: number | undefined; limit?: number | undefined },
  ) {
    const key = await stateKeyOf(t, c);
    const state = await ports.consentState(key);
    const offset = page.offset ?? 0;
    const limit = page.limit ?? 100;
    const codes = state ? [...tiedRetailers(state)] : [];
    const slice = codes.slice(offset, offset + limit);
    const found = new Map(
      (await ports.retailers(t.iysCode, t.brandCode, slice)).map((r) => [r.retailerCode, r]),
    );
    const list = slice
      .map((code) => found.get(code))
      .filter((r): r is store.RetailerItem => Boolean(r))
      .map((r) => {
        const { status: _s, retailerAccessCount: _n, tin: _t, ...rest } = view(r);
        return rest;
      });
    return { pagination: { offset, pageSize: list.length, totalCount: codes.length }, list };
  }

  return {
    createRetailer,
    searchRetailers,
    searchSingleRetailer,
    deleteRetailer,
    checkRetailerCodes,
    tiesChanged,
    addRetailers,
    changeManyConsents,
    retailersOfConsent,
  };
}

export type RetailerUseCases = ReturnType<typeof retailerUseCases>;
