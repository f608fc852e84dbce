import { describe, expect, it } from 'vitest';
import type { IysError } from '../../../functions/domain/errors.js';
import { authorise } from '../../../functions/domain/rights.js';
import {
  addressGate,
  addressLimitApplies,
  mayAddAddress,
  type Subscription,
  subscriptionGate,
  subscriptionView,
} from '../../../functions/domain/subscription.js';

const sub = (over: Partial<Subscription> = {}): Subscription => ({
  status: 'ACTIVE',
  packageName: 'İleti-5 (Seviye 1)',
  consentLimit: 5000,
  api: true,
  ...over,
});
const codeOf = (fn: () => void) => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as IysError).errors[0]!.code;
  }
};

describe('subscription gates', () => {
  it('answer H524, H521, H520 (not for the subscription query), H586', () => {
    const ctx = { iysCode: 1, actor: 'HS' as const };
    expect(codeOf(() => subscriptionGate(null, ctx))).toBe('H524');
    expect(
      codeOf(() => subscriptionGate(sub({ status: 'CLOSED' }), { ...ctx, subscriptionQuery: true })),
    ).toBe('H521');
    expect(codeOf(() => subscriptionGate(sub({ status: 'PAUSED' }), ctx))).toBe('H520');
    expect(codeOf(() => subscriptionGate(sub({ status: 'EXPIRED' }), ctx))).toBe('H520');
    expect(
      codeOf(() => subscriptionGate(sub({ status: 'EXPIRED' }), { ...ctx, subscriptionQuery: true })),
    ).toBeUndefined();
    expect(codeOf(() => subscriptionGate(sub({ api: false }), ctx))).toBe('H586');
    expect(codeOf(() => subscriptionGate(sub(), ctx))).toBeUndefined();
  });

  it('apply in authorise after the caller’s rights (a stranger gets H353, not the subscription state)', () => {
    const facts = { iysCode: 700001, providerExists: true, subscription: sub({ status: 'CLOSED' }) };
    const need = { actors: ['HS', 'INTEGRATOR'] as const };
    expect(codeOf(() => authorise({ username: 'x', kind: 'HS', iysCode: 700100 }, need, facts))).toBe('H353');
    expect(codeOf(() => authorise({ username: 'x', kind: 'HS', iysCode: 700001 }, need, facts))).toBe('H521');
    // Operators are not gated.
    expect(
      codeOf(() => authorise({ username: 'o', kind: 'OPERATOR' }, { actors: ['OPERATOR'] }, facts)),
    ).toBeUndefined();
    // Facts without a looked-up subscription: no gate.
    expect(
      codeOf(() =>
        authorise({ username: 'x', kind: 'HS', iysCode: 700001 }, need, {
          iysCode: 700001,
          providerExists: true,
        }),
      ),
    ).toBeUndefined();
  });

  it('the address limit: at the limit no new address unless it may be exceeded', () => {
    expect(mayAddAddress(sub({ consentLimit: 2 }), 1)).toBe(true);
    expect(mayAddAddress(sub({ consentLimit: 2 }), 2)).toBe(false);
    expect(mayAddAddress(sub({ consentLimit: 2, consentLimitExceed: true }), 9)).toBe(true);
    expect(mayAddAddress(undefined, 0)).toBe(false);
  });

  it('views: Turkey time, integrators without limit fields', () => {
    const v = subscriptionView(
      7,
      sub({ startDate: '2026-01-01T00:00:00Z' }),
      { createdAt: '2025-01-01T00:00:00Z' },
      3,
      false,
    );
    expect(v).toMatchObject({
      startDate: '2026-01-01 03:00:00',
      expirationDate: '2027-01-01 02:59:59',
      usedConsentLimit: 3,
    });
    const i = subscriptionView(7, sub(), { createdAt: '2025-01-01T00:00:00Z' }, 3, true);
    expect('consentLimit' in i || 'usedConsentLimit' in i || 'consentLimitExceed' in i).toBe(false);
  });
});

describe('the H525 gate over one batch', () => {
  it('admits held addresses always and new ones while the count with the batch’s own stays under the limit', () => {
    const gate = addressGate(sub({ consentLimit: 3 }), ['known'], 1);
    expect(['known', 'a', 'b', 'a', 'c', 'known'].map((r) => gate.admit(r))).toEqual([
      true,
      true,
      true,
      true, // admitted earlier in the batch: not a new address any more
      false,
      true,
    ]);
  });

  it('applies only to providers’ own consents under a limit that may not be exceeded', () => {
    expect(addressLimitApplies(sub(), true)).toBe(true);
    expect(addressLimitApplies(sub(), false)).toBe(false);
    expect(addressLimitApplies(sub({ consentLimitExceed: true }), true)).toBe(false);
    expect(addressLimitApplies(undefined, true)).toBe(false);
  });
});
