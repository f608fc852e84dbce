/**
 * Retailers (bayi) and their access to consents (pure). A consent's retailers are the one that brokered it
 * (`retailerCode`, given when the consent is added) and those given access (`retailerAccess`); both may
 * use the consent, for that brand only (İYS tags BAYİ YÖNETİMİ, BAYİ İZİN YÖNETİMİ).
 */
import { IysError } from './errors.js';

export const RETAILER_STATUSES = ['active', 'passive', 'suspended'] as const;
export type RetailerStatus = (typeof RETAILER_STATUSES)[number];

/** Retailer codes are random 8-digit numbers, unique registry-wide and never issued twice. */
export const RETAILER_CODE_MIN = 10_000_000;
export const RETAILER_CODE_MAX = 99_999_999;
export function randomRetailerCode(random: () => number): number {
  return RETAILER_CODE_MIN + Math.floor(random() * (RETAILER_CODE_MAX - RETAILER_CODE_MIN + 1));
}

/**
 * A retailer code in a path (searchSingleRetailer, deleteRetailer). İYS documents these operations' bad
 * requests under 400 and has no code of its own for a path retailerCode that is not an integer: H267 is its
 * code for a bad retailerCode value (addConsent's "retailerCode değeri boş string olmamalıdır!"), worded as
 * H190/H191 word a bad iysCode/brandCode. 400 is H267's catalogue status.
 */
export function parseRetailerCode(raw: string | undefined): number {
  if (raw === undefined || !/^\d{1,9}$/.test(raw))
    throw IysError.of('H267', {
      location: ['retailerCode'],
      value: raw,
      message: 'retailerCode integer bir değer olmalıdır.',
    });
  return Number(raw);
}

/** Per request, as İYS's access operations allow. */
export const MAX_ACCESS_PER_REQUEST = 100;
export const MAX_RECIPIENTS_PER_REQUEST = 100;

export interface RetailerTies {
  retailerCode?: number;
  retailerAccess?: number[];
}

/** Every retailer that may use the consent. */
export function tiedRetailers(t: RetailerTies): Set<number> {
  const s = new Set<number>(t.retailerAccess ?? []);
  if (t.retailerCode !== undefined) s.add(t.retailerCode);
  return s;
}

export type AccessChange =
  | { kind: 'add'; codes: number[] }
  | { kind: 'override'; codes: number[] }
  | { kind: 'remove'; codes: number[] }
  | { kind: 'removeAll' };

/**
 * Applies an access operation: add keeps the broker and appends new codes; override drops every old
 * retailer, the broker included, and sets the list; remove drops the listed codes (the broker too when
 * listed); removeAll drops all.
 */
export function applyAccessChange(t: RetailerTies, c: AccessChange): RetailerTies {
  const access = t.retailerAccess ?? [];
  switch (c.kind) {
    case 'add': {
      const next = [...access];
      for (const code of c.codes) if (!next.includes(code)) next.push(code);
      return {
        ...(t.retailerCode !== undefined ? { retailerCode: t.retailerCode } : {}),
        retailerAccess: next,
      };
    }
    case 'override':
      return { retailerAccess: [...new Set(c.codes)] };
    case 'remove': {
      const drop = new Set(c.codes);
      const next = access.filter((code) => !drop.has(code));
      return {
        ...(t.retailerCode !== undefined && !drop.has(t.retailerCode)
          ? { retailerCode: t.retailerCode }
          : {}),
        ...(next.length ? { retailerAccess: next } : {}),
      };
    }
    case 'removeAll':
      return {};
  }
}

/** How many consents each retailer gains (+1) or loses (−1) when a consent's ties change. */
export function tieDelta(
  before: RetailerTies | undefined,
  after: RetailerTies | undefined,
): Map<number, number> {
  const a = tiedRetailers(before ?? {});
  const b = tiedRetailers(after ?? {});
  const d = new Map<number, number>();
  for (const code of a) if (!b.has(code)) d.set(code, (d.get(code) ?? 0) - 1);
  for (const code of b) if (!a.has(code)) d.set(code, (d.get(code) ?? 0) + 1);
  return d;
}

export function sameTies(a: RetailerTies, b: RetailerTies): boolean {
  return (
    a.retailerCode === b.retailerCode &&
    JSON.stringify(a.retailerAccess ?? []) === JSON.stringify(b.retailerAccess ?? [])
  );
}
