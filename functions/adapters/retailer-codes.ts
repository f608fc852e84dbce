import { containerState } from './container.js';
import { config } from './env.js';
import { getRetailer, getRetailerCodes } from './retailer-store.js';

/**
 * Which brand a retailer code belongs to (the H180 check of every consent write and access change), cached
 * per warm container like the directory: known codes are kept for its TTL, codes not known are looked up
 * again every time (a retailer created a moment ago must be found at once), deleted ones are not known.
 */
const ttlMs = config().IYS_DIRECTORY_TTL_MS;
const known = containerState(() => new Map<number, { at: number; iysCode: number; brandCode: number }>());
/** Retailer titles by `iysCode:brandCode:retailerCode` (retailerTitle below), at most `maxTitles`. */
const maxTitles = 10_000;
const titles = containerState(() => new Map<string, { at: number; title: string }>());

export async function retailerBrands(
  codes: number[],
): Promise<Map<number, { iysCode: number; brandCode: number }>> {
  const now = Date.now();
  const cache = known();
  const missing = [...new Set(codes)].filter((c) => {
    const k = cache.get(c);
    return !(k && now - k.at < ttlMs);
  });
  if (missing.length) {
    const found = await getRetailerCodes(missing);
    // A code looked up again and found deleted (by another container) or gone is no longer known here.
    for (const c of missing) cache.delete(c);
    for (const f of found)
      if (!f.deleted) cache.set(f.retailerCode, { at: now, iysCode: f.iysCode, brandCode: f.brandCode });
  }
  const out = new Map<number, { iysCode: number; brandCode: number }>();
  for (const c of codes) {
    const k = cache.get(c);
    if (k) out.set(c, { iysCode: k.iysCode, brandCode: k.brandCode });
  }
  return out;
}

/** After a delete made here: this container no longer knows the code. */
export function forgetRetailer(code: number): void {
  known().delete(code);
  for (const key of titles().keys()) if (key.endsWith(`:${code}`)) titles().delete(key);
}

/**
 * A retailer's title (consentDetail's `retailerTitle`), cached per warm container for the directory's TTL:
 * one GetItem the first time a container is asked for a retailer, none after, until the TTL passes. A
 * retailer that does not exist is not kept (it is asked again next time). At most `maxTitles` are kept; the
 * oldest goes first.
 */
export async function retailerTitle(
  iysCode: number,
  brandCode: number,
  retailerCode: number,
): Promise<string | undefined> {
  const cache = titles();
  const key = `${iysCode}:${brandCode}:${retailerCode}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < ttlMs) return hit.title;
  const r = await getRetailer(iysCode, brandCode, retailerCode);
  cache.delete(key);
  if (!r) return undefined;
  if (cache.size >= maxTitles) cache.delete(cache.keys().next().value!);
  cache.set(key, { at: Date.now(), title: r.title });
  return r.title;
}
