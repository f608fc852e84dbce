import type { ensureIntegratorSubscription } from '../adapters/application-store.js';
import type { ProviderKeys } from '../adapters/provider-keys.js';
import type { BrandItem, IntegratorItem, ProviderItem, UserItem } from '../adapters/registry-store.js';
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
  subscription?: ProviderItem['subscription'];
}

export interface ProviderCreated {
  iysCode: number;
  created: boolean;
  dataKeyId: string;
  signingKeyId: string;
  brands: number[];
  users: string[];
}

/** What creating a user reaches: the registry's users and the password hash. */
export interface UserPorts {
  user(username: string): Promise<UserItem | undefined>;
  /** false when the username was taken meanwhile. */
  putUser(u: UserItem): Promise<boolean>;
  hashPassword(password: string): Promise<string>;
}

/** What onboarding reaches besides users: the provider's KMS keys, the registry, the SMS short names. */
export interface OnboardingPorts extends UserPorts {
  now(): Date;
  /** The provider's data and signing keys, found by alias or created (idempotent). */
  providerKeys(iysCode: number): Promise<ProviderKeys>;
  /** A fresh secret wrapped by the given key (the blind-index secret). */
  wrappedSecret(keyId: string, context: Record<string, string>): Promise<Uint8Array>;
  /** The stored provider, read from the table (not a cached look-up). */
  provider(iysCode: number): Promise<ProviderItem | undefined>;
  /** false when the provider exists already. */
  putProvider(p: ProviderItem, master: BrandItem): Promise<boolean>;
  /** false when the brand exists already. */
  putBrand(b: BrandItem): Promise<boolean>;
  indexShortNames(b: { iysCode: number; brandCode: number; shortNames?: string[] }): Promise<void>;
  putIntegrator(i: IntegratorItem): Promise<void>;
  ensureIntegratorSubscription: typeof ensureIntegratorSubscription;
  putGrant(integratorCode: number, g: Grant): Promise<void>;
}

/** Creating a user (the seed, an approval, a provider's own API users); false when the username is taken. */
export function userUseCases(ports: UserPorts) {
  async function createUser(u: {
    username: string;
    password: string;
    actor: UserItem['actor'];
    iysCode?: number;
    integratorCode?: number;
  }): Promise<boolean> {
    if (await ports.user(u.username)) return false;
    return ports.putUser({
      username: u.username,
      passwordHash: await ports.hashPassword(u.password),
      actor: u.actor,
      ...(u.iysCode !== undefined ? { iysCode: u.iysCode } : {}),
      ...(u.integratorCode !== undefined ? { integratorCode: u.integratorCode } : {}),
    });
  }

  return { createUser };
}

export type UserUseCases = ReturnType<typeof userUseCases>;

export function onboardingUseCases(ports: OnboardingPorts) {
  const { createUser } = userUseCases(ports);

  async function createProvider(p: NewProvider): Promise<ProviderCreated> {
    const masters = p.brands.filter((b) => b.master);
    if (masters.length !== 1) throw new Error(`provider ${p.iysCode} needs exactly one master brand`);
    const master = masters[0]!;
    const keys = await ports.providerKeys(p.iysCode);
    let created = false;
    if (!(await ports.provider(p.iysCode))) {
      const blindIndexKey = await ports.wrappedSecret(keys.dataKeyId, {
        iysCode: String(p.iysCode),
        purpose: 'blind-index',
      });
      created = await ports.putProvider(
        {
          iysCode: p.iysCode,
          title: p.title,
          dataKeyId: keys.dataKeyId,
          signingKeyId: keys.signingKeyId,
          blindIndexKey,
          createdAt: ports.now().toISOString(),
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
      await ports.putBrand({
        iysCode: p.iysCode,
        brandCode: b.brandCode,
        name: b.name,
        master: false,
        shortNames: b.shortNames ?? [],
        stats: { approval: 0, rejection: 0, total: 0, retailers: 0 },
      });
    }
    // SMS short names (RET ORNEK) → brand; idempotent puts, so a re-run seed keeps them (issue 6).
    for (const b of p.brands) await ports.indexShortNames({ iysCode: p.iysCode, ...b });
    const users: string[] = [];
    for (const u of p.users ?? []) {
      await createUser({ username: u.username, password: u.password, actor: 'HS', iysCode: p.iysCode });
      users.push(u.username);
    }
    return { iysCode: p.iysCode, created, ...keys, brands: p.brands.map((b) => b.brandCode), users };
  }

  async function createIntegrator(i: {
    integratorCode: number;
    title: string;
    users?: { username: string; password: string }[];
    grants?: Grant[];
  }): Promise<void> {
    await ports.putIntegrator({ integratorCode: i.integratorCode, title: i.title });
    // Integrators have their own subscription (getIntegratorSubscription); a re-run keeps the first one.
    await ports.ensureIntegratorSubscription(
      i.integratorCode,
      { status: 'ACTIVE', packageName: 'IO - API Kullanım Lisansı', consentLimit: 0, api: true },
      ports.now().toISOString(),
    );
    for (const u of i.users ?? [])
      await createUser({
        username: u.username,
        password: u.password,
        actor: 'INTEGRATOR',
        integratorCode: i.integratorCode,
      });
    for (const g of i.grants ?? []) await ports.putGrant(i.integratorCode, g);
  }

  return { createProvider, createUser, createIntegrator };
}

export type OnboardingUseCases = ReturnType<typeof onboardingUseCases>;
