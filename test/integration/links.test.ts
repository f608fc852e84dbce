import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock } from '../../functions/adapters/clock.js';
import { startTestSystem, type TestSystem } from './harness.js';

let sys: TestSystem;
let ornek: string;
const base = '/sps/700001/brands/700001';

beforeAll(async () => {
  process.env.IYS_PULL_LAG_SECONDS = '0';
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  ornek = (await sys.login('ornek-api', 'change-me-1')).access_token;
  for (const [recipient, status] of [
    ['ali@example.com', 'ONAY'],
    ['veli@example.com', 'ONAY'],
  ]) {
    await sys.call('POST', `${base}/consents`, {
      token: ornek,
      body: {
        recipient,
        type: 'EPOSTA',
        source: 'HS_WEB',
        status,
        consentDate: '2026-11-24 09:00:00',
        recipientType: 'BIREYSEL',
      },
    });
  }
  advanceClock(2000);
  await sys.call('POST', `${base}/consents`, {
    token: ornek,
    body: {
      recipient: 'veli@example.com',
      type: 'EPOSTA',
      source: 'HS_WEB',
      status: 'RET',
      consentDate: '2026-11-24 10:00:00',
      recipientType: 'BIREYSEL',
    },
  });
});
afterAll(async () => sys?.stop());

describe('via-hash-links', () => {
  let url: string;
  it('makes a link for ONAY only (H568 otherwise), ≤ 100 recipients', async () => {
    const r = await sys.call('POST', `${base}/via-hash-links`, {
      token: ornek,
      body: {
        recipients: [
          { recipient: 'Ali@Example.com', recipientType: 'BIREYSEL' },
          { recipient: 'veli@example.com', recipientType: 'BIREYSEL' },
          { recipient: 'kimse@example.com', recipientType: 'BIREYSEL' },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body[0].recipient).toBe('Ali@Example.com');
    expect(r.body[0].url).toMatch(/\/r\/[A-Za-z0-9_-]{32}$/);
    expect(r.body[1]).toEqual({
      recipient: 'veli@example.com',
      code: 'H568',
      message: 'Sadece ONAY durumunda olan izinler için link üretilmelidir.',
    });
    expect(r.body[2].code).toBe('H568');
    url = r.body[0].url;
    const many = await sys.call('POST', `${base}/via-hash-links`, {
      token: ornek,
      body: {
        recipients: Array.from({ length: 101 }, (_, i) => ({
          recipient: `a${i}@example.com`,
          recipientType: 'BIREYSEL',
        })),
      },
    });
    expect(many.body.errors[0].code).toBe('X048');
    const none = await sys.call('POST', `${base}/via-hash-links`, { token: ornek, body: {} });
    expect(none.body.errors[0].code).toBe('H168');
    const phone = await sys.call('POST', `${base}/via-hash-links`, {
      token: ornek,
      body: { recipients: [{ recipient: '+905321234567', recipientType: 'BIREYSEL' }] },
    });
    expect(phone.status).toBe(422);
  });

  it('the page asks first (strict CSP, nothing changed), the confirmation records RET once', async () => {
    const path = new URL(url).pathname;
    const page = await sys.call('GET', path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.text).toContain('Örnek');
    expect(page.text).toContain('al***@example.com');
    expect(page.text).not.toContain('ali@example.com');
    const s1 = await sys.call('POST', `${base}/consents/status`, {
      token: ornek,
      body: { recipient: 'ali@example.com', recipientType: 'BIREYSEL', type: 'EPOSTA' },
    });
    expect(s1.body.status).toBe('ONAY');
    advanceClock(2000);
    const done = await sys.call('POST', path, {
      raw: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain('<strong>RET</strong> olarak kaydedildi');
    const s2 = await sys.call('POST', `${base}/consents/status`, {
      token: ornek,
      body: { recipient: 'ali@example.com', recipientType: 'BIREYSEL', type: 'EPOSTA' },
    });
    expect(s2.body).toMatchObject({ status: 'RET', source: 'IYS_EPOSTA' });
    expect((await sys.call('POST', path, { raw: '' })).status).toBe(410);
    expect((await sys.call('GET', path)).status).toBe(410);
    expect((await sys.call('GET', '/r/not-a-real-token-aaaaaaaaaaaaaa')).status).toBe(410);
  });

  it('a link expires after 90 days', async () => {
    advanceClock(2000);
    await sys.call('POST', `${base}/consents`, {
      token: ornek,
      body: {
        recipient: 'veli@example.com',
        type: 'EPOSTA',
        source: 'HS_WEB',
        status: 'ONAY',
        consentDate: '2026-11-25 10:00:00',
        recipientType: 'BIREYSEL',
      },
    });
    const r = await sys.call('POST', `${base}/via-hash-links`, {
      token: ornek,
      body: { recipients: [{ recipient: 'veli@example.com', recipientType: 'BIREYSEL' }] },
    });
    const path = new URL(r.body[0].url).pathname;
    advanceClock(91 * 86400_000);
    expect((await sys.call('GET', path)).status).toBe(410);
  });
});
