import { describe, expect, it } from 'vitest';
import type { ProviderItem } from '../../../functions/adapters/registry-store.js';
import type { SubscriptionChange } from '../../../functions/adapters/subscription-store.js';
import { subscriptionOfChange, subscriptionUseCases } from '../../../functions/app/subscriptions.js';
import type { Subscription } from '../../../functions/domain/subscription.js';
import { subscriptionChangeBody } from '../../../functions/schemas/subscription.js';
import { PROVIDER } from './consent-fakes.js';
import { refusal } from './refusal.js';

/** The subscription use cases over in-memory fakes of their ports. */
function setup(sub?: Subscription) {
  const providers = new Map<number, ProviderItem>([
    [PROVIDER.iysCode, { ...PROVIDER, ...(sub ? { subscription: sub } : {}) }],
  ]);
  const calls = { used: 0, held: [] as string[][], forgotten: 0, audited: [] as unknown[] };
  const versions = new Map<number, number>();
  const history: SubscriptionChange[] = [];
  /** A change another operator makes between this one's read and its write. */
  const race = { next: false };
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
    subscriptionRecord: async (iysCode) => {
      const p = providers.get(iysCode);
      if (!p) return undefined;
      return {
        ...(p.subscription ? { subscription: p.subscription as Subscription } : {}),
        version: versions.get(iysCode) ?? 0,
        createdAt: p.createdAt,
      };
    },
    recordChange: async (c) => {
      if (race.next) {
        race.next = false;
        versions.set(c.iysCode, (versions.get(c.iysCode) ?? 0) + 1);
      }
      if ((versions.get(c.iysCode) ?? 0) !== c.version - 1) return false;
      const p = providers.get(c.iysCode)!;
      const { subscription: _old, ...rest } = p;
      providers.set(c.iysCode, { ...rest, ...(c.after ? { subscription: c.after } : {}) } as ProviderItem);
      versions.set(c.iysCode, c.version);
      history.push(structuredClone(c));
      return true;
    },
    history: async (iysCode, limit, before) =>
      history
        .filter((c) => c.iysCode === iysCode && (before === undefined || c.version < before))
        .sort((a, b) => b.version - a.version)
        .slice(0, limit),
    forgetProviders: () => {
      calls.forgotten++;
    },
    audited: (c) => calls.audited.push(c),
  });
  return { uc, calls, providers, history, race };
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

  const ctx = (extra: Partial<{ expectedVersion: number }> = {}) => ({
    by: 'ops',
    reason: 'Paket değişikliği #1',
    now: new Date('2026-11-25T07:00:00Z'),
    requestId: 'req-1',
    ...extra,
  });

  it('an operator change is stored with its history item, audited, and the look-ups forgotten at once', async () => {
    const { uc, calls, providers, history } = setup(SUB);
    const r = await uc.changeSubscription(700001, { ...SUB, consentLimit: 5 }, ctx());
    expect(r).toMatchObject({
      iysCode: 700001,
      version: 1,
      subscription: { consentLimit: 5, usedConsentLimit: 42 },
    });
    expect((providers.get(700001)!.subscription as Subscription).consentLimit).toBe(5);
    expect(calls.forgotten).toBe(1);
    expect(history).toEqual([
      {
        iysCode: 700001,
        version: 1,
        changedAt: '2026-11-25T07:00:00.000Z',
        changedBy: 'ops',
        reason: 'Paket değişikliği #1',
        fields: ['consentLimit'],
        before: SUB,
        after: { ...SUB, consentLimit: 5 },
        requestId: 'req-1',
      },
    ]);
    // The audit line names who, which provider, which version and fields; never the reason's text.
    expect(calls.audited).toEqual([
      { iysCode: 700001, version: 1, changedBy: 'ops', fields: ['consentLimit'] },
    ]);
    expect((await codeOf(uc.changeSubscription(9, SUB, ctx())))?.[1]).toBe('H001');
    expect(calls.forgotten).toBe(1);
  });

  it('an operator change keeps the ViA PASS package, which its wire form cannot name (docs/via-pass.md)', async () => {
    const viaPass = { packageName: 'VIA-PASS-25', credit: 7, status: 'ACTIVE' } as const;
    const { uc, providers } = setup({ ...SUB, viaPass });
    await uc.changeSubscription(700001, { ...SUB, consentLimit: 5 }, ctx());
    expect((providers.get(700001)!.subscription as Subscription).viaPass).toEqual(viaPass);
  });

  it('X010 when the named version is not the current one, or another change commits first', async () => {
    const { uc, race, history } = setup(SUB);
    expect(await codeOf(uc.changeSubscription(700001, SUB, ctx({ expectedVersion: 3 })))).toEqual([
      409,
      'X010',
    ]);
    race.next = true;
    expect(await codeOf(uc.changeSubscription(700001, SUB, ctx({ expectedVersion: 0 })))).toEqual([
      409,
      'X010',
    ]);
    expect(history).toEqual([]);
    // Read again, then change from the version now current.
    const now = await uc.operatorSubscription(700001);
    expect(now.version).toBe(1);
    expect(
      (await uc.changeSubscription(700001, { ...SUB, status: 'PAUSED' }, ctx({ expectedVersion: 1 })))
        .version,
    ).toBe(2);
  });

  it('X034 for dates that run backwards, before anything is read or written', async () => {
    const { uc, history } = setup(SUB);
    const bad = { ...SUB, startDate: '2026-06-01T00:00:00Z', expirationDate: '2026-05-01T00:00:00Z' };
    expect(await codeOf(uc.changeSubscription(700001, bad, ctx()))).toEqual([422, 'X034']);
    const badVia = {
      ...SUB,
      via: {
        packageName: 'VİA-25',
        credit: 10,
        status: 'ACTIVE' as const,
        startDate: '2026-06-01T00:00:00Z',
        expirationDate: '2026-06-01T00:00:00Z',
      },
    };
    const r = await refusal(uc.changeSubscription(700001, badVia, ctx()));
    expect(r?.codes).toEqual(['X034']);
    expect(history).toEqual([]);
  });

  it('ends a subscription (H524 follows); ending none is H437; the history pages newest first', async () => {
    const { uc, providers } = setup(SUB);
    await uc.changeSubscription(700001, { ...SUB, consentLimit: 7 }, ctx());
    await uc.changeSubscription(700001, { ...SUB, api: false } as Subscription, ctx());
    const ended = await uc.changeSubscription(700001, undefined, ctx());
    expect(ended).toEqual({ iysCode: 700001, version: 3, subscription: null });
    expect(providers.get(700001)!.subscription).toBeUndefined();
    expect(await codeOf(uc.changeSubscription(700001, undefined, ctx()))).toEqual([404, 'H437']);
    expect(await codeOf(uc.providerSubscription(700001, false))).toEqual([404, 'H437']);

    const first = await uc.subscriptionHistory(700001, { limit: 2 });
    expect(first.list.map((c) => [c.version, c.fields.length > 0])).toEqual([
      [3, true],
      [2, true],
    ]);
    expect(first.list[0]).toMatchObject({ changedAt: '2026-11-25 10:00:00', changedBy: 'ops', after: null });
    expect(first.list[1]!.fields).toEqual(['consentLimit', 'api']);
    expect(first.next).toBe('2');
    const second = await uc.subscriptionHistory(700001, { limit: 2, after: first.next! });
    expect(second.list.map((c) => c.version)).toEqual([1]);
    expect(second.next).toBeUndefined();
    expect(await codeOf(uc.subscriptionHistory(9, {}))).toEqual([404, 'H001']);
  });

  it('the operator view: the API flag, the version and the ViA package with its credit', async () => {
    const via = {
      packageName: 'VİA-25',
      credit: 1500,
      status: 'ACTIVE' as const,
      startDate: '2026-01-01T00:00:00Z',
    };
    const { uc } = setup({ ...SUB, api: true, via } as Subscription);
    const v = await uc.operatorSubscription(700001);
    expect(v).toMatchObject({ version: 0, subscription: { api: true, usedConsentLimit: 42 } });
    expect(v.subscription!.viaSubscriptionPackage).toEqual({
      startDate: '2026-01-01 03:00:00',
      viaSubscriptionId: 'VIA-700001',
      expirationDate: '2027-01-01 02:59:59',
      viaSubscriptionPackageName: 'VİA-25',
      viaCredit: 1500,
      status: 'ACTIVE',
    });
    // An integrator sees the ViA package without its credit.
    const integrator = await uc.providerSubscription(700001, true);
    expect(integrator.viaSubscriptionPackage).not.toHaveProperty('viaCredit');
    expect(await codeOf(uc.operatorSubscription(9))).toEqual([404, 'H001']);
    const none = setup();
    expect((await none.uc.operatorSubscription(700001)).subscription).toBeNull();
  });

  it('reads the wire form of a change as the stored subscription (Turkey time to instants)', () => {
    const body = subscriptionChangeBody.parse({
      subscriptionPackageName: 'İleti-5 (Seviye 1)',
      status: 'ACTIVE',
      consentLimit: 5000,
      consentLimitExceed: false,
      api: true,
      startDate: '2026-01-01 00:00:00',
      expirationDate: '2026-12-31 23:59:59',
      viaSubscriptionPackage: { viaSubscriptionPackageName: 'VİA-25', viaCredit: -1, status: 'ACTIVE' },
      reason: '  Yükseltme  ',
    });
    expect(body.reason).toBe('Yükseltme');
    expect(subscriptionOfChange(body)).toEqual({
      status: 'ACTIVE',
      packageName: 'İleti-5 (Seviye 1)',
      consentLimit: 5000,
      consentLimitExceed: false,
      api: true,
      startDate: '2025-12-31T21:00:00.000Z',
      expirationDate: '2026-12-31T20:59:59.000Z',
      via: { packageName: 'VİA-25', credit: -1, status: 'ACTIVE' },
    });
    expect(subscriptionChangeBody.safeParse({ ...body, viaCredit: 3 }).success).toBe(false);
    expect(
      subscriptionChangeBody.safeParse({
        ...body,
        viaSubscriptionPackage: { viaSubscriptionPackageName: 'V', viaCredit: -2, status: 'ACTIVE' },
      }).success,
    ).toBe(false);
    expect(subscriptionChangeBody.safeParse({ ...body, startDate: '2026-02-30 00:00:00' }).success).toBe(
      false,
    );
    expect(subscriptionChangeBody.safeParse({ ...body, reason: '   ' }).success).toBe(false);
  });
});
