import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subscription } from '../../functions/domain/subscription.js';
import { awsConsents } from '../../functions/wiring/consents.js';
import { startTestSystem, type TestSystem } from './harness.js';

let sys: TestSystem;
let hs: string;
let integrator: string;
let ops: string;
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
  ops = (await sys.login('ops', 'change-me-3')).access_token;
});

/** An operator's change over HTTP (PUT /operator/sps/{iysCode}/subscription), as get-subscription words it. */
async function changeSubscription(iysCode: number, sub: Subscription) {
  const r = await sys.call('PUT', `/operator/sps/${iysCode}/subscription`, {
    token: ops,
    body: {
      subscriptionPackageName: sub.packageName,
      status: sub.status,
      consentLimit: sub.consentLimit,
      consentLimitExceed: Boolean(sub.consentLimitExceed),
      api: sub.api,
      reason: 'test',
    },
  });
  expect(r.status, r.text).toBe(200);
  return r;
}
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
      'viaSubscriptionPackage',
    ]);
    // A seeded provider without viaCredits gets the seed's finite ViA package; the integrator no credit.
    expect(own.body.viaSubscriptionPackage).toMatchObject({
      viaSubscriptionPackageName: 'VİA-25',
      viaCredit: 1000,
    });
    expect(viaIntegrator.body.viaSubscriptionPackage.viaCredit).toBeUndefined();
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
    await changeSubscription(700001, {
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
    await changeSubscription(700001, {
      ...active,
      consentLimit: 2,
      consentLimitExceed: true,
    });
    expect(
      (await sys.call('POST', `${base}/consents`, { token: hs, body: consent('+905550000003') })).status,
    ).toBe(200);
    await sys.drain();
    expect((await sys.call('GET', '/sps/700001/subscription', { token: hs })).body.usedConsentLimit).toBe(3);
    await changeSubscription(700001, active);
  });
});

describe('consent limit (H525) over one batch', () => {
  it('counts the batch’s own new addresses: what passes the limit is refused, known addresses pass', async () => {
    await sys.drain();
    const used = (await sys.call('GET', '/sps/700001/subscription', { token: hs })).body.usedConsentLimit;
    expect(used).toBeGreaterThan(0);
    await changeSubscription(700001, {
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
    await changeSubscription(700001, active);
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
      await changeSubscription(700001, { ...active, status });
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
    await changeSubscription(700001, { ...active, status: 'CLOSED' });
    for (const [m, p] of [...calls, ['GET', '/sps/700001/subscription'] as const]) {
      expect(codeOf(await sys.call(m, p, { token: hs })), p).toBe('H521');
    }
  });

  it('no API in the package: H586; no subscription: H524; another provider is untouched', async () => {
    await changeSubscription(700001, { ...active, api: false });
    expect(
      codeOf(await sys.call('POST', `${base}/consents`, { token: hs, body: consent('+905550000010') })),
    ).toBe('H586');
    expect((await sys.call('GET', '/sps/700001/subscription', { token: hs })).status).toBe(200);
    expect(
      (
        await sys.call('POST', '/operator/sps/700001/subscription/end', {
          token: ops,
          body: { reason: 'test' },
        })
      ).status,
    ).toBe(200);
    const none = await sys.call('GET', '/sps/700001/brands', { token: hs });
    expect(codeOf(none)).toBe('H524');
    expect(none.body.errors[0].message).toContain('700001');
    const baska = (await sys.login('baska-api', 'change-me-5')).access_token;
    expect((await sys.call('GET', '/sps/700100/brands', { token: baska })).status).toBe(200);
    await changeSubscription(700001, active);
    expect((await sys.call('GET', '/sps/700001/brands', { token: hs })).status).toBe(200);
  });
});

describe('operator subscriptions over HTTP (our extension)', () => {
  const path = '/operator/sps/700001/subscription';
  const wire = {
    subscriptionPackageName: 'İleti-5 (Seviye 1)',
    status: 'ACTIVE',
    consentLimit: 5000,
    consentLimitExceed: false,
    api: true,
    startDate: '2026-01-01 00:00:00',
    expirationDate: '2026-12-31 23:59:59',
    viaSubscriptionPackage: { viaSubscriptionPackageName: 'VİA-25', viaCredit: 1500, status: 'ACTIVE' },
    reason: 'Paket değişikliği #4711',
  };

  it('reads, changes with a version, keeps the history, and refuses a stale version with X010', async () => {
    const read = await sys.call('GET', path, { token: ops });
    expect(read.status, read.text).toBe(200);
    const version = read.body.version as number;
    const changed = await sys.call('PUT', path, { token: ops, body: { ...wire, version } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({
      iysCode: 700001,
      version: version + 1,
      subscription: {
        subscriptionPackageName: 'İleti-5 (Seviye 1)',
        startDate: '2026-01-01 00:00:00',
        expirationDate: '2026-12-31 23:59:59',
        api: true,
        viaSubscriptionPackage: { viaSubscriptionPackageName: 'VİA-25', viaCredit: 1500, status: 'ACTIVE' },
      },
    });
    // The provider sees the change at once, with its ViA package; an integrator without the credit.
    const own = await sys.call('GET', '/sps/700001/subscription', { token: hs });
    expect(own.body).toMatchObject({ consentLimit: 5000, viaSubscriptionPackage: { viaCredit: 1500 } });
    const viaIntegrator = await sys.call('GET', '/sps/700001/subscription', { token: integrator });
    expect(viaIntegrator.body.viaSubscriptionPackage).toBeDefined();
    expect(viaIntegrator.body.viaSubscriptionPackage.viaCredit).toBeUndefined();

    const stale = await sys.call('PUT', path, { token: ops, body: { ...wire, consentLimit: 1, version } });
    expect(stale.status).toBe(409);
    expect(codeOf(stale)).toBe('X010');

    const history = await sys.call('GET', `${path}/history?limit=2`, { token: ops });
    expect(history.status, history.text).toBe(200);
    expect(history.body.list[0]).toMatchObject({
      version: version + 1,
      changedBy: 'ops',
      reason: 'Paket değişikliği #4711',
      after: { packageName: 'İleti-5 (Seviye 1)', consentLimit: 5000, via: { credit: 1500 } },
    });
    expect(history.body.list[0].fields).toEqual(
      expect.arrayContaining(['packageName', 'consentLimit', 'via']),
    );
    expect(history.body.list[0].changedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    if (history.body.next) {
      const older = await sys.call('GET', `${path}/history?limit=2&after=${history.body.next}`, {
        token: ops,
      });
      expect(older.body.list[0].version).toBeLessThan(history.body.list[1].version);
    }
    await changeSubscription(700001, active);
  });

  it('only an operator; field errors in İYS’s shape; X034 for dates that run backwards; H001', async () => {
    for (const token of [hs, integrator]) {
      const r = await sys.call('PUT', path, { token, body: wire });
      expect(r.status).toBe(400);
      expect(codeOf(r)).toBe('H363');
    }
    expect(codeOf(await sys.call('GET', `${path}/history`, { token: hs }))).toBe('H363');
    const bad = await sys.call('PUT', path, { token: ops, body: { ...wire, consentLimit: -1, reason: '' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { location: string[] }) => e.location[0]).sort()).toEqual([
      'consentLimit',
      'reason',
    ]);
    const backwards = await sys.call('PUT', path, {
      token: ops,
      body: { ...wire, expirationDate: '2025-12-31 23:59:59' },
    });
    expect(backwards.status).toBe(422);
    expect(codeOf(backwards)).toBe('X034');
    expect(codeOf(await sys.call('GET', '/operator/sps/799999/subscription', { token: ops }))).toBe('H001');
  });
});
