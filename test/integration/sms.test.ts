import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock } from '../../functions/adapters/clock.js';
import { awsOnboarding } from '../../functions/wiring/onboarding.js';
import { startTestSystem, type TestSystem } from './harness.js';

let sys: TestSystem;
let ornek: string;
const phone = '+905321112233';
const secret = 'local-sms-webhook-secret';

const sign = (raw: string) => createHmac('sha256', secret).update(raw).digest('hex');
async function sms(text: string, from = phone, signature?: string) {
  const raw = JSON.stringify({ from, to: '3338', text, receivedAt: '2026-11-25T10:05:00+03:00' });
  return sys.call('POST', '/channels/sms/inbound', {
    raw,
    headers: { 'content-type': 'application/json', 'x-signature': signature ?? sign(raw) },
  });
}
async function lastReply(to: string) {
  const r = await sys.call('GET', '/local/outbox');
  return (r.body as { to: string; text: string }[]).find((m) => m.to === to)?.text ?? '';
}

beforeAll(async () => {
  process.env.IYS_PULL_LAG_SECONDS = '0';
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  ornek = (await sys.login('ornek-api', 'change-me-1')).access_token;
  for (const [brand, type] of [
    [700001, 'MESAJ'],
    [700001, 'ARAMA'],
    [700002, 'MESAJ'],
  ] as const) {
    const r = await sys.call('POST', `/sps/700001/brands/${brand}/consents`, {
      token: ornek,
      body: {
        recipient: phone,
        type,
        source: 'HS_WEB',
        status: 'ONAY',
        consentDate: '2026-11-24 09:00:00',
        recipientType: 'BIREYSEL',
      },
    });
    expect(r.status).toBe(200);
  }
  await awsOnboarding().createUser({ username: 'cagri-1', password: 'change-me-6', actor: 'CALL_CENTRE' });
});
afterAll(async () => sys?.stop());

describe('SMS short number', () => {
  it('refuses a missing or wrong signature', async () => {
    expect((await sms('RET ORNEK', phone, 'ab'.repeat(32))).status).toBe(401);
    const raw = JSON.stringify({
      from: phone,
      to: '3338',
      text: 'RET ORNEK',
      receivedAt: '2026-11-25T10:05:00+03:00',
    });
    const r = await sys.call('POST', '/channels/sms/inbound', {
      raw,
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(401);
    expect(r.body.errors[0].code).toBe('X046');
  });

  it('judges the body only once the signature holds (JSON that does not parse is H014 first)', async () => {
    const post = (raw: string, signature?: string) =>
      sys.call('POST', '/channels/sms/inbound', {
        raw,
        headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature': signature } : {}) },
      });
    const bad = JSON.stringify({ from: phone, to: '3338', text: 'x'.repeat(481), receivedAt: 'dün' });
    const unsigned = await post(bad);
    expect([unsigned.status, unsigned.body.errors.map((e: { code: string }) => e.code)]).toEqual([
      401,
      ['X046'],
    ]);
    const signed = await post(bad, sign(bad));
    expect(signed.status).toBe(422);
    expect(signed.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(['X008', 'X049']);
    const broken = await post('{"from":', sign('{"from":'));
    expect([broken.status, broken.body.errors[0].code]).toEqual([400, 'H014']);
    expect((await post('{"from":')).body.errors[0].code).toBe('H014');
  });

  it('answers an unknown keyword helpfully and changes nothing', async () => {
    const r = await sms('RET YOKBOYLE');
    expect(r.body).toEqual({ outcome: 'UNKNOWN_KEYWORD', changes: 0 });
    expect(await lastReply(phone)).toMatch(/YOKBOYLE adında bir marka bulunamadı/);
    const h = await sms('merhaba');
    expect(h.body.outcome).toBe('HELP');
    expect(await lastReply(phone)).toMatch(/RET ORNEK/);
  });

  it('"ret örnek" (lower case, Turkish letters) rejects MESAJ and ARAMA with IYS_KISAMESAJ; the feed shows it', async () => {
    const r = await sms('ret örnek');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ outcome: 'REJECTED', changes: 2 });
    expect(await lastReply(phone)).toMatch(/Örnek için ileti izniniz RET/);
    // The same delivery again records nothing twice.
    expect((await sms('ret örnek')).body.changes).toBe(0);
    advanceClock(2000);
    await sys.drain(); // time passes and the system catches up (the feed's watermark with it)
    const feed = await sys.call('GET', '/sps/700001/brands/700001/consents/changes?source=IYS', {
      token: ornek,
    });
    expect(feed.status).toBe(200);
    expect(
      feed.body.list
        .map((m: { type: string; source: string; status: string }) => `${m.type}:${m.source}:${m.status}`)
        .sort(),
    ).toEqual(['ARAMA:IYS_KISAMESAJ:RET', 'MESAJ:IYS_KISAMESAJ:RET']);
  });

  it('names a brand by its code, several in one message', async () => {
    advanceClock(2000);
    const r = await sms('RET 700002 ORNEK');
    expect(r.body.outcome).toBe('REJECTED');
    expect(r.body.changes).toBe(1);
    expect(await lastReply(phone)).toMatch(/Örnek Çocuk için ileti izniniz RET/);
    expect(await lastReply(phone)).toMatch(/Örnek için bu numaraya kayıtlı onaylı bir izin bulunamadı/);
  });
});

describe('call centre', () => {
  it('records with IYS_CM for the CALL_CENTRE role only', async () => {
    const agent = (await sys.login('cagri-1', 'change-me-6')).access_token;
    const body = { recipient: phone, iysCode: 700001, brandCode: 700001, type: 'MESAJ', status: 'ONAY' };
    expect(
      (await sys.call('POST', '/channels/call-centre/consents', { token: ornek, body })).body.errors[0].code,
    ).toBe('H363');
    advanceClock(2000);
    const r = await sys.call('POST', '/channels/call-centre/consents', { token: agent, body });
    expect(r.status).toBe(200);
    const wrongBrand = await sys.call('POST', '/channels/call-centre/consents', {
      token: agent,
      body: { ...body, iysCode: 700100 },
    });
    expect(wrongBrand.status).toBe(404);
    const s = await sys.call('POST', '/sps/700001/brands/700001/consents/status', {
      token: ornek,
      body: { recipient: phone, recipientType: 'BIREYSEL', type: 'MESAJ' },
    });
    expect(s.body).toMatchObject({ status: 'ONAY', source: 'IYS_CM' });
  });
});
