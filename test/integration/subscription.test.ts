import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subscription } from '../../functions/domain/subscription.js';
import { awsConsents } from '../../functions/wiring/consents.js';
import { awsSubscriptions } from '../../functions/wiring/subscriptions.js';
import { startTestSystem, type TestSystem } from './harness.js';

let sys: TestSystem;
let hs: string;
let integrator: string;
const base = '/sps/700001/brands/700001';
const active: Subscription = {
  status: 'ACTIVE',
  packageName: 'İleti+',
  consentLimit: 250_001,
  api: true,
  consentLimitExceed: true,
};

beforeAll(async () => {
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
  integrator = (await sys.login('entegrator-api', 'change-me-2')).access_token;
});
afterAll(async () => sys?.stop());

const consent = (recipient: string, type = 'MESAJ') => ({
  recipient,
  type,
  source: 'HS_WEB',
  status: 'ONAY',
  consentDate: '2026-11-24 09:00:00',
  recipientType: 'BIREYSEL',
});
const codeOf = (r: { body?: { errors?: { code: string }[] } }) => r.body?.errors?.[0]?.code;

describe('get-subscription and getIntegratorSubscription', () => {
  it('answers the provider its package and usage; an integrator sees no limit fields', async () => {
    const own = await sys.call('GET', '/sps/700001/subscription', { token: hs });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      subscriptionId: 'SUB-700001',
      subscriptionPackageName: 'İleti+',
      status: 'ACTIVE',
      consentLimit: 250_001,
      usedConsentLimit: 0,
    });
    expect(own.body.startDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const viaIntegrator = await sys.call('GET', '/sps/700001/subscription', { token: integrator });
    expect(Object.keys(viaIntegrator.body).sort()).toEqual([
      'expirationDate',
      'startDate',
      'status',
      'subscriptionId',
      'subscriptionPackageName',
    ]);
    expect(codeOf(await sys.call('GET', '/sps/700100/subscription', { token: integrator }))).toBe('H353');
  });

  it('answers an integrator its own subscription; H522 for other users, H353 for another code', async () => {
    const r = await sys.call('GET', '/integrator/900001/subscription', { token: integrator });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'ACTIVE',
      subscriptionPackageName: 'IO - API Kullanım Lisansı',
      iysCode: 900001,
    });
    expect(r.body.consentLimit).toBeUndefined();
    const asHs = await sys.call('GET', '/integrator/900001/subscription', { token: hs });
    expect(asHs.status).toBe(400);
    expect(codeOf(asHs)).toBe('H522');
    expect(codeOf(await sys.call('GET', '/integrator/900002/subscription', { token: integrator }))).toBe(
      'H353',
    );
  });
});

describe('consent limit (H525) counts recipient addresses', () => {
  it('counts an address once over brands and channels, and refuses a new one at the limit', async () => {
    await awsSubscriptions().changeSubscription(700001, {
      ...active,
      packageName: 'İleti-5 (Seviye 1)',
      consentLimit: 2,
      consentLimitExceed: false,
    });
    expect(
      (await sys.call('POST', `${base}/consents`, { token: hs, body: consent('+905550000001') })).status,
    ).toBe(200);
    // The same address on another channel type and another brand: no new address.
    expect(
      (await sys.call('POST', `${base}/consents`, { token: hs, body: consent('+905550000001', 'ARAMA') }))
        .status,
    ).toBe(200);
    expect(
      (
        await sys.call('POST', '/sps/700001/brands/700002/consents', {
          token: hs,
          body: consent('+905550000001'),
        })
      ).status,
    ).toBe(200);
    expect(
      (await sys.call('POST', `${base}/consents`, { token: hs, body: consent('ali@example.com', 'EPOSTA') }))
        .status,
    ).toBe(200);
    // Addresses are counted by the Consents stream (a new recipient-index item), moments after the write.
    await sys.drain();
    const sub = await sys.call('GET', '/sps/700001/subscription', { token: hs });
    expect(sub.body.usedConsentLimit).toBe(2);

    const over = await sys.call('POST', `${base}/consents`, { token: hs, body: consent('+905550000003') });
    expect(over.status).toBe(422);
    expect(codeOf(over)).toBe('H525');
    // A known address still gets new consents and changes.
    const known = await sys.call('POST', `${base}/consents`, {
      token: hs,
      body: { ...consent('+905550000001'), status: 'RET', consentDate: '2026-11-25 09:00:00' },
    });
    expect(known.status, known.text).toBe(200);
    // With consentLimitExceed the limit may be passed.
    await awsSubscriptions().changeSubscription(700001, {
      ...active,
      consentLimit: 2,
      consentLimitExceed: true,
    });
    expect(
      (await sys.call('POST', `${base}/consents`, { token: hs, body: consent('+905550000003') })).status,
    ).toBe(200);
    await sys.drain();
    expect((await sys.call('GET', '/sps/700001/subscription', { token: hs })).body.usedConsentLimit).toBe(3);
    await awsSubscriptions().changeSubscription(700001, active);
  });
});

describe('consent limit (H525) over one batch', () => {
  it('counts the batch’s own new addresses: what passes the limit is refused, known addresses pass', async () => {
    await sys.drain();
    const used = (await sys.call('GET', '/sps/700001/subscription', { token: hs })).body.usedConsentLimit;
    expect(used).toBeGreaterThan(0);
    await awsSubscriptions().changeSubscription(700001, {
      ...active,
      consentLimit: used + 2,
      consentLimitExceed: false,
    });
    const row = (recipient: string, type = 'MESAJ') => ({
      input: consent(recipient, type),
      repeat: { kind: 'v2' as const },
    });
    const outcomes = await awsConsents().recordConsents(
      { iysCode: 700001, brandCode: 700002 },
      [
        row('+905550000001', 'ARAMA'), // held already: a new consent, not a new address
        row('+905550000101'),
        row('+905550000102'),
        row('+905550000101', 'ARAMA'), // the batch's own new address, on another channel
        row('+905550000103'),
      ],
      { actor: 'HS', now: new Date('2026-11-25T10:00:00+03:00') },
    );
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.errors[0]!.code))).toEqual(['ok', 'ok', 'ok', 'ok', 'H525']);
    await sys.drain();
    expect((await sys.call('GET', '/sps/700001/subscription', { token: hs })).body.usedConsentLimit).toBe(
      used + 2,
    );
    await awsSubscriptions().changeSubscription(700001, active);
  });
});

describe('subscription gates on every provider call', () => {
  const calls = [
    ['GET', '/sps/700001/brands'],
    ['GET', `${base}/retailers`],
    ['GET', '/sps/700001/users'],
  ] as const;

  it('PAUSED and EXPIRED: H520, only the subscription query answers', async () => {
    for (const status of ['PAUSED', 'EXPIRED'] as const) {
      await awsSubscriptions().changeSubscription(700001, { ...active, status });
      for (const [m, p] of calls) {
        const r = await sys.call(m, p, { token: hs });
        expect(r.status, `${status} ${p}`).toBe(403);
        expect(codeOf(r)).toBe('H520');
        expect(r.body.errors[0].message).toBe(
          `Abonelik durumu ${status} iken sadece HS abonelik sorgulama servisine istek atılabilir.`,
        );
      }
      const viaIntegrator = await sys.call('POST', `${base}/consents`, {
        token: integrator,
        body: consent('+905550000009'),
      });
      expect(viaIntegrator.body.errors[0].message).toContain('sadece Entegratör abonelik');
      const sub = await sys.call('GET', '/sps/700001/subscription', { token: hs });
      expect(sub.status).toBe(200);
      expect(sub.body.status).toBe(status);
    }
  });

  it('CLOSED: H521 everywhere, the subscription query too', async () => {
    await awsSubscriptions().changeSubscription(700001, { ...active, status: 'CLOSED' });
    for (const [m, p] of [...calls, ['GET', '/sps/700001/subscription'] as const]) {
      expect(codeOf(await sys.call(m, p, { token: hs })), p).toBe('H521');
    }
  });

  it('no API in the package: H586; no subscription: H524; another provider is untouched', async () => {
    await awsSubscriptions().changeSubscription(700001, { ...active, api: false });
    expect(
      codeOf(await sys.call('POST', `${base}/consents`, { token: hs, body: consent('+905550000010') })),
    ).toBe('H586');
    expect((await sys.call('GET', '/sps/700001/subscription', { token: hs })).status).toBe(200);
    await awsSubscriptions().changeSubscription(700001, null as unknown as Subscription);
    const none = await sys.call('GET', '/sps/700001/brands', { token: hs });
    expect(codeOf(none)).toBe('H524');
    expect(none.body.errors[0].message).toContain('700001');
    const baska = (await sys.login('baska-api', 'change-me-5')).access_token;
    expect((await sys.call('GET', '/sps/700100/brands', { token: baska })).status).toBe(200);
    await awsSubscriptions().changeSubscription(700001, active);
    expect((await sys.call('GET', '/sps/700001/brands', { token: hs })).status).toBe(200);
  });
});
