import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specRoutes } from '../../functions/specs/index.js';
import { awsOnboarding } from '../../functions/wiring/onboarding.js';
import { startTestSystem, type TestSystem } from './harness.js';

/**
 * The rights matrix over every provider-side endpoint of the catalogue: provider, integrator with write,
 * integrator with read only, another provider, a brand without a grant, a channel without the right.
 * Rights are checked before the body, so an empty body is enough to see the rights answer; the channel
 * checks need valid bodies and are tested on the endpoints that carry a channel.
 */
let sys: TestSystem;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  await awsOnboarding().createIntegrator({
    integratorCode: 900002,
    title: 'Okur Entegratör A.Ş.',
    users: [{ username: 'okur-api', password: 'change-me-6' }],
  });
  tokens.hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
  tokens.other = (await sys.login('baska-api', 'change-me-5')).access_token;
  tokens.writer = (await sys.login('entegrator-api', 'change-me-2')).access_token;
  tokens.reader = (await sys.login('okur-api', 'change-me-6')).access_token;
  tokens.ops = (await sys.login('ops', 'change-me-3')).access_token;
  // The provider grants the second integrator read rights (MESAJ, ARAMA; no EPOSTA) and reconciliation.
  const g = await sys.call('POST', '/sps/700001/integrators/900002/grants', {
    token: tokens.hs,
    body: { brandCode: 700001, MESAJ: 'read', ARAMA: 'read', agreementControl: true },
  });
  expect(g.status, g.text).toBe(200);
});
afterAll(async () => sys?.stop());

const fill: Record<string, string> = {
  iysCode: '700001',
  brandCode: '700001',
  retailerCode: '12345678',
  transactionId: 'a'.repeat(64),
  reportDate: '2026-11-24',
  recipientType: 'BIREYSEL',
  type: 'MESAJ',
  list: 'approvals',
  requestId: '0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b',
  uploadId: 'u-1',
  username: 'ornek-api',
  integratorCode: '900001',
};
const pathOf = (p: string, over: Record<string, string> = {}) =>
  p.replace(/\{(\w+)\}/g, (_, n: string) => over[n] ?? fill[n] ?? 'x');

const withIysCode = specRoutes()
  .map((r) => r.spec)
  .filter((o) => o.rights && o.path.includes('{iysCode}'));
const provider = withIysCode.filter((o) => o.rights!.actors.includes('HS'));
/** The operator's own endpoints about a provider (its subscription). */
const operatorOnly = withIysCode.filter((o) => o.rights!.actors.join() === 'OPERATOR');

type Op = (typeof withIysCode)[number];
/**
 * The rights codes of an answer. ViA PASS answers in its own shape, where both refusals (H353, H363) are
 * ERR-SYS-0005 (docs/via-pass.md).
 */
const rightsCodes = (r: { body?: { errors?: { code: string }[]; errorCode?: string } }, o: Op): string[] =>
  o.errorShape === 'viaPass'
    ? r.body?.errorCode === 'ERR-SYS-0005'
      ? ['ERR-SYS-0005']
      : []
    : (r.body?.errors ?? []).map((e) => e.code).filter((c) => c === 'H353' || c === 'H363');
/** The refusal an operation answers for a rights code, in its own shape. */
const refused = (o: Op, code: 'H353' | 'H363') => (o.errorShape === 'viaPass' ? ['ERR-SYS-0005'] : [code]);

async function call(o: (typeof provider)[number], token: string, over: Record<string, string> = {}) {
  return sys.call(o.method, pathOf(o.path, over), {
    token,
    ...(o.method === 'GET' || o.method === 'DELETE' ? {} : { body: {} }),
  });
}

describe('rights matrix over every provider endpoint', () => {
  it('covers the endpoints of the catalogue', () => {
    expect(provider.length).toBeGreaterThan(40);
  });

  it('the operator-only endpoints about a provider: the operator passes, its provider and integrators H363', async () => {
    expect(operatorOnly.map((o) => o.operationId).sort()).toEqual([
      'changeSubscription',
      'endSubscription',
      'operatorSubscription',
      'subscriptionHistory',
    ]);
    expect(withIysCode.length).toBe(provider.length + operatorOnly.length);
    for (const o of operatorOnly) {
      const label = `${o.method} ${o.path}`;
      expect(rightsCodes(await call(o, tokens.hs!), o), `${label} provider`).toEqual(refused(o, 'H363'));
      expect(rightsCodes(await call(o, tokens.ops!), o), `${label} operator`).toEqual([]);
    }
  });

  it('the provider itself passes; another provider gets H353; other actors H363', async () => {
    for (const o of provider) {
      const label = `${o.method} ${o.path}`;
      const own = await call(o, tokens.hs!);
      expect(rightsCodes(own, o), `${label} own`).toEqual([]);
      const other = await call(o, tokens.other!);
      expect(rightsCodes(other, o), `${label} other provider`).toEqual(refused(o, 'H353'));
      if (!o.rights!.actors.includes('OPERATOR')) {
        const ops = await call(o, tokens.ops!);
        expect(rightsCodes(ops, o), `${label} operator`).toEqual(refused(o, 'H363'));
      }
    }
  });

  it('integrators: write passes write endpoints, read only passes read endpoints, reconciliation needs the flag', async () => {
    for (const o of provider) {
      const label = `${o.method} ${o.path}`;
      const integratorMay = o.rights!.actors.includes('INTEGRATOR');
      const write = (o.rights!.mode ?? 'read') === 'write';
      const agreement = Boolean(o.rights!.agreementControl);
      const w = await call(o, tokens.writer!);
      const r = await call(o, tokens.reader!);
      if (!integratorMay) {
        expect(rightsCodes(w, o), `${label} writer`).toEqual(refused(o, 'H363'));
        expect(rightsCodes(r, o), `${label} reader`).toEqual(refused(o, 'H363'));
        continue;
      }
      // The writer has no reconciliation flag and may only read ARAMA (seed/demo.json): an operation that
      // writes every channel whatever its body (createUpload) is refused before its body is judged.
      const named = o.rights!.channelsFrom?.({ body: {}, path: {} } as never) ?? [];
      const writerLacks = write && named.includes('ARAMA');
      expect(rightsCodes(w, o), `${label} writer`).toEqual(
        agreement || writerLacks ? refused(o, 'H353') : [],
      );
      expect(rightsCodes(r, o), `${label} reader`).toEqual(write ? refused(o, 'H353') : []);
    }
  });

  it('a brand without a grant is refused (H353) on every brand endpoint, for writer and reader', async () => {
    for (const o of provider.filter(
      (x) => x.path.includes('{brandCode}') && x.rights!.actors.includes('INTEGRATOR'),
    )) {
      for (const who of ['writer', 'reader']) {
        const r = await call(o, tokens[who]!, { brandCode: '700002' });
        expect(rightsCodes(r, o), `${o.method} ${o.path} ${who}`).toEqual(refused(o, 'H353'));
      }
    }
  });

  it('a provider the integrator has no grant at all for is refused (H353) everywhere', async () => {
    for (const o of provider.filter((x) => x.rights!.actors.includes('INTEGRATOR'))) {
      const r = await call(o, tokens.writer!, { iysCode: '700100', brandCode: '700100' });
      expect(rightsCodes(r, o), `${o.method} ${o.path}`).toEqual(refused(o, 'H353'));
    }
  });
});

describe('channel rights (valid bodies)', () => {
  const base = '/sps/700001/brands/700001';
  const consent = (type: string, recipient: string) => ({
    recipient,
    type,
    source: 'HS_WEB',
    status: 'ONAY',
    consentDate: '2026-11-24 09:00:00',
    recipientType: 'BIREYSEL',
  });
  const addr = (type: string) => (type === 'EPOSTA' ? 'kanal@example.com' : '+905559998877');

  it('add: writer on MESAJ and EPOSTA, not ARAMA (read); reader on none', async () => {
    for (const [type, writer, reader] of [
      ['MESAJ', 200, 403],
      ['EPOSTA', 200, 403],
      ['ARAMA', 403, 403],
    ] as const) {
      const w = await sys.call('POST', `${base}/consents`, {
        token: tokens.writer,
        body: consent(type, addr(type)),
      });
      expect(w.status, `writer ${type} ${w.text}`).toBe(writer);
      const r = await sys.call('POST', `${base}/consents`, {
        token: tokens.reader,
        body: consent(type, addr(type)),
      });
      expect(r.status, `reader ${type}`).toBe(reader);
      if (writer === 403)
        expect(w.body.errors[0]).toMatchObject({ code: 'H353', location: ['type'], value: type });
    }
    // v2 the same way.
    const v2 = await sys.call('POST', `/v2${base}/consents`, {
      token: tokens.writer,
      body: consent('ARAMA', '+905559998870'),
    });
    expect(v2.body.errors[0].code).toBe('H353');
  });

  it('status and history: reader may read MESAJ and ARAMA, not EPOSTA (no grant)', async () => {
    for (const [type, expected] of [
      ['MESAJ', 200],
      ['ARAMA', 404],
      ['EPOSTA', 403],
    ] as const) {
      const r = await sys.call('POST', `${base}/consents/status`, {
        token: tokens.reader,
        body: { recipient: addr(type), recipientType: 'BIREYSEL', type },
      });
      // ARAMA: allowed to read, but no ARAMA consent was added (X005).
      expect(r.status, `${type} ${r.text}`).toBe(expected);
    }
  });

  it('retailer access changes follow the channel too', async () => {
    const key = { recipientType: 'BIREYSEL', recipients: ['+905559998877'], retailerAccess: [12345678] };
    const aramaWrite = await sys.call('PUT', `${base}/consents/retailers/access`, {
      token: tokens.writer,
      body: { ...key, type: 'ARAMA' },
    });
    expect(aramaWrite.body.errors[0].code).toBe('H353');
    const mesajWrite = await sys.call('PUT', `${base}/consents/retailers/access`, {
      token: tokens.writer,
      body: { ...key, type: 'MESAJ' },
    });
    // Past the rights: the retailer code is unknown to the brand.
    expect(mesajWrite.body.errors[0].code).toBe('H180');
    const readerList = await sys.call('POST', `${base}/consent/retailers/access/list`, {
      token: tokens.reader,
      body: { recipient: '+905559998877', recipientType: 'BIREYSEL', type: 'MESAJ' },
    });
    expect(readerList.status).toBe(200);
  });

  it('a withdrawn grant stops working', async () => {
    const off = await sys.call('POST', '/sps/700001/integrators/900002/grants', {
      token: tokens.hs,
      body: { brandCode: 700001 },
    });
    expect(off.body.result).toBe('revoked');
    const r = await sys.call('GET', `${base}/retailers`, { token: tokens.reader });
    expect(r.body.errors[0].code).toBe('H353');
    // and the provider gives it back
    await sys.call('POST', '/sps/700001/integrators/900002/grants', {
      token: tokens.hs,
      body: { brandCode: 700001, MESAJ: 'read', ARAMA: 'read', agreementControl: true },
    });
    expect((await sys.call('GET', `${base}/retailers`, { token: tokens.reader })).status).toBe(200);
    // an unknown integrator or a brand of another provider
    const unknown = await sys.call('POST', '/sps/700001/integrators/999999/grants', {
      token: tokens.hs,
      body: { brandCode: 700001, MESAJ: 'read' },
    });
    expect(unknown.body.errors[0].code).toBe('H129');
    const foreignBrand = await sys.call('POST', '/sps/700001/integrators/900002/grants', {
      token: tokens.hs,
      body: { brandCode: 700100, MESAJ: 'read' },
    });
    expect(foreignBrand.body.errors[0].code).toBe('H018');
  });
});

describe('integratorList and integratorListByiysCode', () => {
  it('lists the brands an integrator may use with its rights per channel', async () => {
    const r = await sys.call('GET', '/integrator/900001/sps', { token: tokens.writer });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      pagination: { offset: 0, pageSize: 1, totalCount: 1 },
      list: [
        {
          brandCode: 700001,
          name: 'Örnek',
          master: true,
          title: 'Örnek Ticaret A.Ş.',
          iysCode: 700001,
          agreementControl: false,
          MESAJ: 'write',
          ARAMA: 'read',
          EPOSTA: 'write',
          viaControl: false,
        },
      ],
    });
    const reader = await sys.call('GET', '/integrator/900002/sps/700001', { token: tokens.reader });
    expect(reader.body.list).toEqual([
      expect.objectContaining({ brandCode: 700001, agreementControl: true, MESAJ: 'read', ARAMA: 'read' }),
    ]);
    expect(reader.body.list[0].EPOSTA).toBeUndefined();
  });

  it('H245 for a provider outside the group, H353 for another integrator’s code, H363 for a provider', async () => {
    expect(
      (await sys.call('GET', '/integrator/900001/sps/700100', { token: tokens.writer })).body.errors[0].code,
    ).toBe('H245');
    const otherCode = await sys.call('GET', '/integrator/900002/sps', { token: tokens.writer });
    expect(otherCode.status).toBe(403);
    expect(otherCode.body.errors[0]).toMatchObject({
      code: 'H353',
      message: 'integratorIysCode, kullanıcı izinleriyle eşleştirilemiyor',
    });
    expect((await sys.call('GET', '/integrator/900001/sps', { token: tokens.hs })).body.errors[0].code).toBe(
      'H363',
    );
    for (const [q, code] of [
      ['limit=101', 'H186'],
      ['limit=0', 'H187'],
      ['offset=-1', 'H182'],
    ]) {
      const r = await sys.call('GET', `/integrator/900001/sps?${q}`, { token: tokens.writer });
      expect(r.body.errors[0].code, q).toBe(code);
    }
  });
});
