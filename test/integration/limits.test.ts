import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock } from '../../functions/adapters/clock.js';
import { startTestSystem, type TestSystem } from './harness.js';

/**
 * İYS's request limits over HTTP (docs/limits.md): past a limit the answer is 429 in İYS's error shape with
 * `Retry-After`. The suite runs with the per-second limit off (vitest.config.ts); this file turns limits on.
 */
let sys: TestSystem;
let token: string;
const key = { recipient: 'limits@example.com', recipientType: 'BIREYSEL', type: 'EPOSTA' };

beforeAll(async () => {
  sys = await startTestSystem();
  token = (await sys.login('ornek-api', 'change-me-1')).access_token;
});
afterAll(async () => {
  process.env.IYS_RATE_IP_PER_SECOND = '0';
  delete process.env.IYS_RATE_HISTORY_PER_IP_HOUR;
  delete process.env.IYS_TOKEN_LIMIT_PER_HOUR;
  await sys?.stop();
});

describe('request limits', () => {
  it('past the per-IP per-second limit: 429 H124 with Retry-After: 1', async () => {
    process.env.IYS_RATE_IP_PER_SECOND = '3';
    // Eight at once: whichever second boundary they straddle, at most 2 × 3 get through.
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => sys.call('GET', '/sps/700001/brands', { token })),
    );
    const refused = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(6);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const r of refused) {
      expect(r.body).toEqual({
        errors: [
          {
            code: 'H124',
            message: 'Saniyede kabul edilen istek limitine ulaşıldı. Lütfen daha sonra tekrar deneyiniz.',
          },
        ],
      });
      expect(r.headers.get('retry-after')).toBe('1');
    }
    // Coming back when told to works.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await sys.call('GET', '/sps/700001/brands', { token })).status).toBe(200);
    process.env.IYS_RATE_IP_PER_SECOND = '0';
  });

  it('past the hourly consentsHistory limit: 429 H089 with the seconds left in the hour', async () => {
    process.env.IYS_RATE_HISTORY_PER_IP_HOUR = '2';
    advanceClock(3600 * 1000); // a fresh hour window
    const path = '/sps/700001/brands/700001/consents/history';
    const first = await sys.call('POST', path, { token, body: key });
    const second = await sys.call('POST', path, { token, body: key });
    expect([first.status, second.status]).not.toContain(429);
    const third = await sys.call('POST', path, { token, body: key });
    expect(third.status).toBe(429);
    expect(third.body.errors.map((e: { code: string }) => e.code)).toEqual(['H089']);
    const wait = Number(third.headers.get('retry-after'));
    expect(Number.isInteger(wait)).toBe(true);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(3600);
    // The next hour the counter starts again.
    advanceClock(wait * 1000);
    expect((await sys.call('POST', path, { token, body: key })).status).not.toBe(429);
  });

  it('past the hourly token limit: 429 H084 with Retry-After', async () => {
    process.env.IYS_TOKEN_LIMIT_PER_HOUR = '1';
    advanceClock(3600 * 1000);
    const body = { grant_type: 'password', username: 'ornek-api', password: 'change-me-1' };
    expect((await sys.call('POST', '/oauth2/token', { body })).status).toBe(200);
    const r = await sys.call('POST', '/oauth2/token', { body });
    expect(r.status).toBe(429);
    expect(r.body.errors[0].code).toBe('H084');
    const wait = Number(r.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(3600);
  });
});
