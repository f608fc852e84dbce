import type { Grant } from '../domain/rights.js';
import { containerState } from './container.js';
import { config } from './env.js';
import * as store from './registry-store.js';

/**
 * Cached look-ups of providers, brands and integrator grants for the rights check. Entries live 60 s per
 * warm Lambda, so a request costs no database call once warm and a revoked grant stops working within
 * a minute (docs/identity.md).
 */
const ttlMs = config().IYS_DIRECTORY_TTL_MS;
const entries = containerState(() => new Map<string, { at: number; value: Promise<unknown> }>());

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const cache = entries();
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < ttlMs) return hit.value as Promise<T>;
  // Misses and failures are not kept: a provider created a moment ago must be found at once.
  const value = load().then(
    (v) => {
      if (v === undefined) cache.delete(key);
      return v;
    },
    (e) => {
      cache.delete(key);
      throw e;
    },
  );
  cache.set(key, { at: Date.now(), value });
  return value;
}

/** After a change made here (a new brand, grant, subscription): this container sees it at once. */
export function forgetDirectory(): void {
  entries().clear();
}

export const directory = {
  provider: (iysCode: number) => cached(`sp:${iysCode}`, () => store.getProvider(iysCode)),
  brand: (iysCode: number, brandCode: number) =>
    cached(`b:${iysCode}:${brandCode}`, () => store.getBrand(iysCode, brandCode)),
  grants: (integratorCode: number): Promise<Grant[]> =>
    cached(`g:${integratorCode}`, () => store.listGrants(integratorCode)),
};
