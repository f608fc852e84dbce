import { containerState } from './container.js';
import { config } from './env.js';
import { getRetailerCodes } from './retailer-store.js';

/**
 * Which brand a retailer code belongs to (the H180 check of every consent write and access change), cached
 * per warm container like the directory: known codes are kept for its TTL, codes not known are looked up
 * again every time (a retailer created a moment ago must be found at once), deleted ones are not known.
 */
const ttlMs = config().IYS_DIRECTORY_TTL_MS;
const known = containerState(() => new Map<number, { at: number; iysCode: number; brandCode: number }>());

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
}
