import type { BrandItem, IntegratorItem, ProviderItem } from '../../../functions/adapters/registry-store.js';
import { type OnboardingPorts, onboardingUseCases } from '../../../functions/app/onboarding.js';
import type { Grant } from '../../../functions/domain/rights.js';
import type { Subscription } from '../../../functions/domain/subscription.js';
import { fakeClock, fakeHash, fakeUsers } from './identity-fakes.js';

/**
 * The registry's providers, brands, short names, integrators and grants, and the provider keys, in memory:
 * onboarding's ports with the registry's semantics (a second put of a provider or brand is refused, keys are
 * found by alias), for the onboarding, admin and application unit tests.
 */
export function fakeRegistry() {
  const providers = new Map<number, ProviderItem>();
  const brands = new Map<string, BrandItem>();
  const shortNames = new Map<string, { iysCode: number; brandCode: number }>();
  const integrators = new Map<number, IntegratorItem>();
  const integratorSubscriptions = new Map<number, { sub: Subscription; since: string }>();
  const grants = new Map<number, Grant[]>();
  const keys = new Map<number, { dataKeyId: string; signingKeyId: string }>();
  const calls = { keysAsked: 0, secretsWrapped: [] as { keyId: string; context: Record<string, string> }[] };
  return {
    providers,
    brands,
    shortNames,
    integrators,
    integratorSubscriptions,
    grants,
    keys,
    calls,
    ports: {
      providerKeys: async (iysCode: number) => {
        calls.keysAsked++;
        const found = keys.get(iysCode) ?? {
          dataKeyId: `arn:key/data-${iysCode}`,
          signingKeyId: `arn:key/sign-${iysCode}`,
        };
        keys.set(iysCode, found);
        return found;
      },
      wrappedSecret: async (keyId: string, context: Record<string, string>) => {
        calls.secretsWrapped.push({ keyId, context });
        return new Uint8Array([1, 2, 3]);
      },
      provider: async (iysCode: number) => providers.get(iysCode),
      putProvider: async (p: ProviderItem, master: BrandItem) => {
        if (providers.has(p.iysCode)) return false;
        providers.set(p.iysCode, p);
        brands.set(`${master.iysCode}:${master.brandCode}`, master);
        return true;
      },
      putBrand: async (b: BrandItem) => {
        if ([...brands.values()].some((x) => x.brandCode === b.brandCode)) return false;
        brands.set(`${b.iysCode}:${b.brandCode}`, b);
        return true;
      },
      indexShortNames: async (b: { iysCode: number; brandCode: number; shortNames?: string[] }) => {
        for (const n of b.shortNames ?? []) shortNames.set(n, { iysCode: b.iysCode, brandCode: b.brandCode });
      },
      putIntegrator: async (i: IntegratorItem) => {
        integrators.set(i.integratorCode, i);
      },
      ensureIntegratorSubscription: async (code: number, sub: Subscription, since: string) => {
        if (!integratorSubscriptions.has(code)) integratorSubscriptions.set(code, { sub, since });
      },
      putGrant: async (code: number, g: Grant) => {
        grants.set(code, [
          ...(grants.get(code) ?? []).filter(
            (x) => !(x.iysCode === g.iysCode && x.brandCode === g.brandCode),
          ),
          g,
        ]);
      },
    },
  };
}

/** Onboarding over the fake registry and users. */
export function onboardingSetup(now = '2026-11-25T10:00:00Z') {
  const clock = fakeClock(now);
  const registry = fakeRegistry();
  const users = fakeUsers();
  const ports: OnboardingPorts = {
    ...registry.ports,
    user: users.user,
    putUser: users.putUser,
    hashPassword: fakeHash,
    now: clock.now,
  };
  return { uc: onboardingUseCases(ports), registry, users, clock };
}
