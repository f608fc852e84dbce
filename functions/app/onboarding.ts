import { ensureIntegratorSubscription } from '../adapters/application-store.js';
import type { Clock } from '../adapters/clock.js';
import { hashPassword } from '../adapters/passwords.js';
import { ensureProviderKeys, newWrappedSecret } from '../adapters/provider-keys.js';
import * as store from '../adapters/registry-store.js';
import { indexShortNames } from '../adapters/short-names.js';
import type { Grant } from '../domain/rights.js';
import { packages } from '../domain/subscription.js';

/**
 * Creating a provider: the seed and the operator's approval of an application both come here.
 * Idempotent: running it again finds the keys by alias and the records by key, and creates only what is
 * missing (so a restarted local runtime re-seeds safely).
 */
export interface NewProvider {
  iysCode: number;
  title: string;
  brands: { brandCode: number; name: string; master?: boolean; shortNames?: string[] }[];
  users?: { username: string; password: string }[];
  subscription?: store.ProviderItem['subscription'];
}

export interface ProviderCreated {
  iysCode: number;
  created: boolean;
  dataKeyId: string;
  signingKeyId: string;
  brands: number[];
  users: string[];
}

export async function createProvider(p: NewProvider, clock: Clock): Promise<ProviderCreated> {
  const masters = p.brands.filter((b) => b.master);
  if (masters.length !== 1) throw new Error(`provider ${p.iysCode} needs exactly one master brand`);
  const master = masters[0]!;
  const keys = await ensureProviderKeys(p.iysCode);
  let created = false;
  if (!(await store.getProvider(p.iysCode))) {
    const blindIndexKey = await newWrappedSecret(keys.dataKeyId, {
      iysCode: String(p.iysCode),
      purpose: 'blind-index',
    });
    created = await store.createProvider(
      {
        iysCode: p.iysCode,
        title: p.title,
        dataKeyId: keys.dataKeyId,
        signingKeyId: keys.signingKeyId,
        blindIndexKey,
        createdAt: clock.now().toISOString(),
        // Without a subscription in the seed: İYS's İleti+ package as the domain defines it (its limit may
        // be passed), so a local provider can take a file of millions of rows.
        subscription: p.subscription ?? {
          status: 'ACTIVE',
          packageName: 'İleti+',
          ...packages['İleti+'],
          api: true,
        },
      },
      {
        iysCode: p.iysCode,
        brandCode: master.brandCode,
        name: master.name,
        master: true,
        shortNames: master.shortNames ?? [],
        stats: { approval: 0, rejection: 0, total: 0, retailers: 0 },
      },
    );
  }
  for (const b of p.brands) {
    if (b.master) continue;
    await store.createBrand({
      iysCode: p.iysCode,
      brandCode: b.brandCode,
      name: b.name,
      master: false,
      shortNames: b.shortNames ?? [],
      stats: { approval: 0, rejection: 0, total: 0, retailers: 0 },
    });
  }
  // SMS short names (RET ORNEK) → brand; idempotent puts, so a re-run seed keeps them (issue 6).
  for (const b of p.brands) await indexShortNames({ iysCode: p.iysCode, ...b });
  const users: string[] = [];
  for (const u of p.users ?? []) {
    await createUser({ username: u.username, password: u.password, actor: 'HS', iysCode: p.iysCode });
    users.push(u.username);
  }
  return { iysCode: p.iysCode, created, ...keys, brands: p.brands.map((b) => b.brandCode), users };
}

export async function createUser(u: {
  username: string;
  password: string;
  actor: store.UserItem['actor'];
  iysCode?: number;
  integratorCode?: number;
}): Promise<boolean> {
  if (await store.getUser(u.username)) return false;
  return store.createUser({
    username: u.username,
    passwordHash: await hashPassword(u.password),
    actor: u.actor,
    ...(u.iysCode !== undefined ? { iysCode: u.iysCode } : {}),
    ...(u.integratorCode !== undefined ? { integratorCode: u.integratorCode } : {}),
  });
}

export async function createIntegrator(i: {
  integratorCode: number;
  title: string;
  users?: { username: string; password: string }[];
  grants?: Grant[];
}): Promise<void> {
  await store.putIntegrator({ integratorCode: i.integratorCode, title: i.title });
  // Integrators have their own subscription (getIntegratorSubscription); a re-run keeps the first one.
  await ensureIntegratorSubscription(
    i.integratorCode,
    { status: 'ACTIVE', packageName: 'IO - API Kullanım Lisansı', consentLimit: 0, api: true },
    new Date().toISOString(),
  );
  for (const u of i.users ?? [])
    await createUser({
      username: u.username,
      password: u.password,
      actor: 'INTEGRATOR',
      integratorCode: i.integratorCode,
    });
  for (const g of i.grants ?? []) await store.putGrant(i.integratorCode, g);
}
