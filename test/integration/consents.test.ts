import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock } from '../../functions/adapters/clock.js';
import { startTestSystem, type TestSystem } from './harness.js';

let sys: TestSystem;
let hs: string;
let integrator: string;
const base = '/sps/700001/brands/700001';

beforeAll(async () => {
  process.env.IYS_PULL_LAG_SECONDS = '0';
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' }); // a Wednesday
  hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
  integrator = (await sys.login('entegrator-api', 'change-me-2')).access_token;
});
afterAll(async () => sys?.stop());

const consent = (over: Record<string, unknown> = {}) => ({
  recipient: '+905321234567',
  type: 'MESAJ',
  source: 'HS_WEB',
  status: 'ONAY',
  consentDate: '2026-11-24 09:00:00',
  recipientType: 'BIREYSEL',
  ...over,
});

describe('addConsent and consentDetail', () => {
  it('records a consent and answers its status', async () => {
    const r = await sys.call('POST', `${base}/consents`, { token: hs, body: consent() });
    expect(r.status).toBe(200);
    expect(r.body.transactionId).toMatch(/^[0-9a-f]{64}$/);
    expect(r.body.creationDate).toMatch(/^2026-11-25 10:0\d:\d\d$/);
    const s = await sys.call('POST', `${base}/consents/status`, {
      token: hs,
      body: { recipient: '+905321234567', recipientType: 'BIREYSEL', type: 'MESAJ' },
    });
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({
      recipient: '+905321234567',
      type: 'MESAJ',
      status: 'ONAY',
      source: 'HS_WEB',
      consentDate: '2026-11-24 09:00:00',
      transactionId: r.body.transactionId,
      retailerAccessCount: 0,
    });
  });

  it('answers 404 X005 for an unknown consent', async () => {
    const s = await sys.call('POST', `${base}/consents/status`, {
      token: hs,
      body: { recipient: 'nobody@example.com', recipientType: 'BIREYSEL', type: 'EPOSTA' },
    });
    expect(s.status).toBe(404);
    expect(s.body.errors[0].code).toBe('X005');
  });

  it('v2: the same path and body give the same transactionId and no second movement', async () => {
    const body = consent({ recipient: 'Ali.Veli@Example.com', type: 'EPOSTA' });
    const a = await sys.call('POST', `/v2${base}/consents`, { token: hs, body });
    advanceClock(5000);
    const b = await sys.call('POST', `/v2${base}/consents`, { token: hs, body });
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
    await sys.drain();
    const h = await sys.call('POST', `${base}/consents/history`, {
      token: hs,
      body: { recipient: 'ali.veli@example.com', recipientType: 'BIREYSEL', type: 'EPOSTA' },
    });
    expect(h.body.pagination.totalCount).toBe(1);
    expect(h.body.list[0].recipient).toBe('ali.veli@example.com');
  });

  it('reports several errors at once with location and value', async () => {
    const r = await sys.call('POST', `${base}/consents`, {
      token: hs,
      body: consent({ recipient: '905321234567', status: 'EVET', extra: 1 }),
    });
    expect(r.status).toBe(422);
    const codes = r.body.errors.map((e: { code: string }) => e.code).sort();
    expect(codes).toEqual(expect.arrayContaining(['H115', 'H118', 'H121']));
    expect(r.body.errors.find((e: { code: string }) => e.code === 'H121')).toMatchObject({
      location: ['recipient'],
      value: '905321234567',
    });
  });

  it.each([
    ['H175', { recipient: '+905321110000', status: 'RET' }],
    ['H467', { recipient: '+905321110001', consentDate: '2026-11-18 09:00:00' }],
    ['H162', { recipient: '+905321110002', consentDate: '2026-11-26 09:00:00' }],
    ['H119', { recipient: '+905321110003', source: 'IYS_WEB' }],
    ['H464', { recipient: 'a@example.com', type: 'MESAJ' }],
    ['H408', { recipient: '+905321110004', source: 'HS_KARAR' }],
  ])('refuses with %s', async (code, over) => {
    const r = await sys.call('POST', `${base}/consents`, { token: hs, body: consent(over) });
    expect(r.body.errors.map((e: { code: string }) => e.code)).toContain(code);
  });

  it('transitions: ONAY → RET, RET → RET refused (H174), older date refused (H178)', async () => {
    const who = { recipient: '+905321119999' };
    expect((await sys.call('POST', `${base}/consents`, { token: hs, body: consent(who) })).status).toBe(200);
    const ret = await sys.call('POST', `${base}/consents`, {
      token: hs,
      body: consent({ ...who, status: 'RET', consentDate: '2026-11-24 12:00:00' }),
    });
    expect(ret.status).toBe(200);
    const again = await sys.call('POST', `${base}/consents`, {
      token: hs,
      body: consent({ ...who, status: 'RET', consentDate: '2026-11-24 13:00:00' }),
    });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].code).toBe('H174');
    const older = await sys.call('POST', `${base}/consents`, {
      token: hs,
      body: consent({ ...who, status: 'ONAY', consentDate: '2026-11-24 08:00:00' }),
    });
    expect(older.status).toBe(400);
    expect(older.body.errors[0].code).toBe('H178');
  });
});

describe('rights on consent endpoints', () => {
  it('integrator: write on MESAJ, read-only on ARAMA, nothing on the other brand', async () => {
    const ok = await sys.call('POST', `${base}/consents`, {
      token: integrator,
      body: consent({ recipient: '+905321220000' }),
    });
    expect(ok.status).toBe(200);
    const ro = await sys.call('POST', `${base}/consents`, {
      token: integrator,
      body: consent({ recipient: '+905321220000', type: 'ARAMA' }),
    });
    expect(ro.status).toBe(403);
    expect(ro.body.errors[0].code).toBe('H353');
    const other = await sys.call('POST', '/sps/700001/brands/700002/consents', {
      token: integrator,
      body: consent({ recipient: '+905321220000' }),
    });
    expect(other.status).toBe(403);
    expect(other.body.errors[0].code).toBe('H353');
  });

  it('H018 for an unknown brand, H001 for an unknown provider, H191 for a non-integer brand', async () => {
    expect(
      (await sys.call('POST', '/sps/700001/brands/799999/consents', { token: hs, body: consent() })).body
        .errors[0].code,
    ).toBe('H018');
    expect(
      (await sys.call('POST', '/sps/799999/brands/799999/consents', { token: hs, body: consent() })).body
        .errors[0].code,
    ).toBe('H001');
    expect(
      (await sys.call('POST', '/sps/700001/brands/abc/consents', { token: hs, body: consent() })).body
        .errors[0].code,
    ).toBe('H191');
  });

  it('H014 for malformed JSON, X001 for an oversize body', async () => {
    const bad = await sys.call('POST', `${base}/consents`, {
      token: hs,
      raw: '{"recipient":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].code).toBe('H014');
    const big = await sys.call('POST', `${base}/consents`, {
      token: hs,
      raw: JSON.stringify({ recipient: 'x'.repeat(1_100_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect(big.body.errors[0].code).toBe('X001');
  });
});

describe('batchConsentStatus, history and the change feed', () => {
  it('answers the ONAY addresses only', async () => {
    for (const r of ['+905330000001', '+905330000002', '+905330000003']) {
      expect(
        (await sys.call('POST', `${base}/consents`, { token: hs, body: consent({ recipient: r }) })).status,
      ).toBe(200);
    }
    await sys.call('POST', `${base}/consents`, {
      token: hs,
      body: consent({ recipient: '+905330000002', status: 'RET', consentDate: '2026-11-24 10:00:00' }),
    });
    const r = await sys.call('POST', `${base}/consents/BIREYSEL/status/MESAJ`, {
      token: hs,
      body: { recipients: ['+905330000001', '+905330000002', '+905330000003', '+905330000004'] },
    });
    expect(r.status).toBe(200);
    expect(r.body.list).toEqual(['+905330000001', '+905330000003']);
  });

  it('pulls HS movements oldest first with a cursor that never repeats or skips', async () => {
    advanceClock(2000);
    await sys.drain(); // time passes and the system catches up (the feed's watermark with it)
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 50; i++) {
      const r = await sys.call(
        'GET',
        `${base}/consents/changes?source=HS&limit=3${after ? `&after=${after}` : ''}`,
        { token: hs },
      );
      if (r.status === 204) break;
      expect(r.status).toBe(200);
      seen.push(...r.body.list.map((m: { transactionId: string }) => m.transactionId));
      after = r.body.after;
    }
    expect(new Set(seen).size).toBe(seen.length);
    // 9 HS movements were accepted above (refusals leave none); paging gives exactly the one-page order.
    const whole = await sys.call('GET', `${base}/consents/changes?source=HS`, { token: hs });
    const all = whole.body.list.map((m: { transactionId: string }) => m.transactionId);
    expect(all).toHaveLength(9);
    expect(seen).toEqual(all);
    const created = whole.body.list.map((m: { creationDate: string }) => m.creationDate);
    expect([...created].sort()).toEqual(created);
    const iys = await sys.call('GET', `${base}/consents/changes`, { token: hs });
    expect(iys.status).toBe(204);
  });
});
