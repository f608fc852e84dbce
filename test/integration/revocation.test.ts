import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock } from '../../functions/adapters/clock.js';
import { config } from '../../functions/adapters/env.js';
import { authorizerResultTtlSeconds } from '../../functions/domain/identity.js';
import { startTestSystem, type TestSystem } from './harness.js';

/**
 * Revocation through the local system (issue 13): the local API keeps the authorizer's answers for the stack's
 * TTL like API Gateway, and the authorizer keeps token states for IYS_TOKEN_STATE_TTL_MS (the production
 * default here), so moving the clock by their sum shows the whole bound.
 */
let sys: TestSystem;
let hs: string;
const invalidToken = { errors: [{ code: 'H351', message: 'Eksik veya geçersiz jeton!' }] };
const bound = () => authorizerResultTtlSeconds * 1000 + config().IYS_TOKEN_STATE_TTL_MS;

beforeAll(async () => {
  process.env.IYS_TOKEN_LIMIT_PER_HOUR = '1000';
  sys = await startTestSystem();
  hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
});
afterAll(async () => sys?.stop());

async function newUser(username: string, password: string) {
  const u = await sys.call('POST', '/sps/700001/users', { token: hs, body: { username, password } });
  expect(u.status, u.text).toBe(201);
  return sys.login(username, password);
}
const brands = (token: string) => sys.call('GET', '/sps/700001/brands', { token });

describe('revoked tokens are refused within 60 s', () => {
  it('the production default bound is at most 60 s', () => {
    expect(bound()).toBeLessThanOrEqual(60_000);
  });

  it('after a disable: access and refresh tokens refused with H351 / invalid_grant; enabled again, a new token works', async () => {
    const t = await newUser('iptal-api-1', 'birinci-sifre-1');
    expect((await brands(t.access_token)).status).toBe(200);
    const off = await sys.call('PATCH', '/sps/700001/users/iptal-api-1', {
      token: hs,
      body: { disabled: true },
    });
    expect(off.status, off.text).toBe(200);
    // The refresh grant reads the user itself: refused at once.
    const refresh = await sys.call('POST', '/oauth2/token', {
      body: { grant_type: 'refresh_token', refresh_token: t.refresh_token },
    });
    expect(refresh.status).toBe(400);
    expect(refresh.body.error).toBe('invalid_grant');
    advanceClock(bound());
    const refused = await brands(t.access_token);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(invalidToken);

    const on = await sys.call('PATCH', '/sps/700001/users/iptal-api-1', {
      token: hs,
      body: { disabled: false },
    });
    expect(on.status, on.text).toBe(200);
    advanceClock(bound());
    expect((await brands(t.access_token)).status).toBe(401); // enabling again brings no old token back
    const again = await sys.call('POST', '/oauth2/token', {
      body: { grant_type: 'refresh_token', refresh_token: t.refresh_token },
    });
    expect(again.body.error).toBe('invalid_grant');
    const fresh = await sys.login('iptal-api-1', 'birinci-sifre-1');
    expect((await brands(fresh.access_token)).status).toBe(200);
  });

  it('after a password change: the old tokens are refused, a token under the new password works', async () => {
    const t = await newUser('iptal-api-2', 'birinci-sifre-2');
    expect((await brands(t.access_token)).status).toBe(200);
    const rot = await sys.call('POST', '/sps/700001/users/iptal-api-2/password', {
      token: hs,
      body: { password: 'ikinci-sifre-2' },
    });
    expect(rot.status, rot.text).toBe(200);
    advanceClock(bound());
    const refused = await brands(t.access_token);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(invalidToken);
    const fresh = await sys.login('iptal-api-2', 'ikinci-sifre-2');
    expect((await brands(fresh.access_token)).status).toBe(200);
  });

  it('other users’ tokens are untouched', async () => {
    expect((await brands(hs)).status).toBe(200);
  });
});
