import { describe, expect, it } from 'vitest';
import type { ProviderItem } from '../../../functions/adapters/registry-store.js';
import { subscriptionUseCases } from '../../../functions/app/subscriptions.js';
import type { Subscription } from '../../../functions/domain/subscription.js';
import { PROVIDER } from './consent-fakes.js';
import { refusal } from './refusal.js';

/** The subscription use cases over in-memory fakes of their ports. */
function setup(sub?: Subscription) {
  const providers = new Map<number, ProviderItem>([
    [PROVIDER.iysCode, { ...PROVIDER, ...(sub ? { subscription: sub } : {}) }],
  ]);
  const calls = { used: 0, held: [] as string[][], forgotten: 0 };
  const uc = subscriptionUseCases({
    provider: async (iysCode) => providers.get(iysCode),
    heldAddresses: async (ridxs) => {
      calls.held.push(ridxs);
      return ridxs.filter((r) => r.startsWith('held'));
    },
    usedAddresses: async () => {
      calls.used++;
      return 42;
    },
    setSubscription: async (iysCode, s) => {
      const p = providers.get(iysCode);
      if (!p) return false;
      providers.set(iysCode, { ...p, subscription: s });
      return true;
    },
    forgetProviders: () => {
      calls.forgotten++;
    },
  });
  return { uc, calls, providers };
}

const codeOf = async (p: Promise<unknown>) => {
  const r = await refusal(p);
  return r && [r.status, r.codes[0]];
};

const SUB = {
  packageName: 'İleti',
  status: 'ACTIVE',
  consentLimit: 1000,
  consentLimitExceed: false,
  startDate: '2026-01-01T00:00:00Z',
} as unknown as Subscription;

describe('subscriptions', () => {
  it('answers the address usage of a batch: the held ones among those asked, and the count, in one round', async () => {
    const { uc, calls } = setup(SUB);
    expect(await uc.addressUsage(700001, ['held-1', 'new-1'])).toEqual({ held: ['held-1'], used: 42 });
    expect(calls.held).toEqual([['held-1', 'new-1']]);
  });

  it('shows a provider its subscription with the used count; an integrator without the limits', async () => {
    const { uc, calls } = setup(SUB);
    const own = await uc.providerSubscription(700001, false);
    expect(own).toMatchObject({
      subscriptionId: 'SUB-700001',
      subscriptionPackageName: 'İleti',
      consentLimit: 1000,
      consentLimitExceed: false,
      usedConsentLimit: 42,
      startDate: '2026-01-01 03:00:00',
    });
    const integrator = await uc.providerSubscription(700001, true);
    expect(integrator).not.toHaveProperty('consentLimit');
    expect(integrator).not.toHaveProperty('usedConsentLimit');
    expect(calls.used).toBe(1); // the integrator's answer reads no count
  });

  it('H001 for an unknown provider, 404 H437 for one without a subscription', async () => {
    expect(await codeOf(setup(SUB).uc.providerSubscription(1, false))).toEqual([404, 'H001']);
    expect(await codeOf(setup().uc.providerSubscription(700001, false))).toEqual([404, 'H437']);
  });

  it('an operator change is stored and the look-ups forgotten at once; an unknown provider is H001', async () => {
    const { uc, calls, providers } = setup(SUB);
    await uc.changeSubscription(700001, { ...SUB, consentLimit: 5 });
    expect((providers.get(700001)!.subscription as Subscription).consentLimit).toBe(5);
    expect(calls.forgotten).toBe(1);
    expect((await codeOf(uc.changeSubscription(9, SUB)))?.[1]).toBe('H001');
    expect(calls.forgotten).toBe(1);
  });
});
