import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock } from '../../functions/adapters/clock.js';
import { startTestSystem, type TestSystem } from './harness.js';

let sys: TestSystem;
beforeAll(async () => {
  process.env.IYS_TOKEN_LIMIT_PER_HOUR = '1000';
  sys = await startTestSystem();
});
afterAll(async () => sys?.stop());

describe('createToken2 over HTTP', () => {
  it('password grant (JSON) → token → brands → refresh → old refresh token refused', async () => {
    const t = await sys.login('ornek-api', 'change-me-1');
    expect(t).toMatchObject({ expires_in: 7200, refresh_expires_in: 14400, token_type: 'bearer' });
    const brands = await sys.call('GET', '/sps/700001/brands', { token: t.access_token });
    expect(brands.status).toBe(200);
    expect(brands.body.map((b: { brandCode: number }) => b.brandCode)).toEqual([700001, 700002]);
    expect(brands.body[0]).toEqual({
      brandCode: 700001,
      name: 'Örnek',
      master: true,
      stats: { consents: { approval: 0, rejection: 0, total: 0 }, retailers: { total: 0 } },
    });

    const refreshed = await sys.call('POST', '/oauth2/token', {
      body: { grant_type: 'refresh_token', refresh_token: t.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(t.refresh_token);
    const again = await sys.call('GET', '/sps/700001/brands', { token: refreshed.body.access_token });
    expect(again.status).toBe(200);

    const reuse = await sys.call('POST', '/oauth2/token', {
      body: { grant_type: 'refresh_token', refresh_token: t.refresh_token },
    });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');

    const next = await sys.call('POST', '/oauth2/token', {
      body: { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token },
    });
    expect(next.status).toBe(200);
  });

  it('password grant with a form-urlencoded body', async () => {
    const r = await sys.call('POST', '/oauth2/token', {
      raw: 'grant_type=password&username=ornek-api&password=change-me-1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(200);
    expect(typeof r.body.access_token).toBe('string');
  });

  it.each([
    [{}, 'invalid_request', 'Giriş yöntemi belirtilmemiş.'],
    [{ grant_type: 'client_credentials' }, 'invalid_request', 'Bilinmeyen giriş yöntemi.'],
    [{ grant_type: '' }, 'invalid_grant', 'Giriş yöntemi boş olamaz.'],
    [{ grant_type: 'password', password: 'x' }, 'invalid_request', 'Kullanıcı adı verilmemiş.'],
    [{ grant_type: 'password', username: 'ornek-api' }, 'invalid_request', 'Şifre verilmemiş.'],
    [
      { grant_type: 'password', username: 'ornek-api', password: '' },
      'invalid_grant',
      'Şifre boş bırakılamaz.',
    ],
    [
      { grant_type: 'password', username: 'ornek-api', password: 'wrong-pass' },
      'invalid_request',
      'Kullanıcı kimlik bilgileri geçersiz.',
    ],
    [
      { grant_type: 'password', username: 'nobody', password: 'whatever1' },
      'invalid_request',
      'Kullanıcı kimlik bilgileri geçersiz.',
    ],
    [{ grant_type: 'refresh_token' }, 'invalid_request', 'Yenileme jetonu verilmemiş.'],
    [
      { grant_type: 'refresh_token', refresh_token: 'not.a.jwt' },
      'invalid_grant',
      'Yenileme jetonu geçersiz veya süresi dolmuş.',
    ],
  ])('refuses %j with OAuth2 %s', async (body, error, description) => {
    const r = await sys.call('POST', '/oauth2/token', { body });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error, error_description: description });
  });

  it('an access token cannot be used as a refresh token', async () => {
    const t = await sys.login('ornek-api', 'change-me-1');
    const r = await sys.call('POST', '/oauth2/token', {
      body: { grant_type: 'refresh_token', refresh_token: t.access_token },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_grant');
  });

  it('access tokens expire after 2 hours and refresh tokens after 4 hours', async () => {
    const t = await sys.login('ornek-api', 'change-me-1');
    advanceClock(2 * 3600 * 1000 + 1000);
    const expired = await sys.call('GET', '/sps/700001/brands', { token: t.access_token });
    expect(expired.status).toBe(401);
    expect(expired.body.errors[0].code).toBe('H351');
    const refreshed = await sys.call('POST', '/oauth2/token', {
      body: { grant_type: 'refresh_token', refresh_token: t.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    advanceClock(4 * 3600 * 1000 + 1000);
    const late = await sys.call('POST', '/oauth2/token', {
      body: { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token },
    });
    expect(late.status).toBe(400);
    expect(late.body.error).toBe('invalid_grant');
  });

  it('a tampered token is refused with H351', async () => {
    const t = await sys.login('ornek-api', 'change-me-1');
    const [h, p, s] = t.access_token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    claims.iys = 700100;
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    const r = await sys.call('GET', '/sps/700100/brands', { token: forged });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ errors: [{ code: 'H351', message: 'Eksik veya geçersiz jeton!' }] });
  });
});

describe('token rate limit per client IP', () => {
  it('answers 429 H084 once the hourly limit is passed', async () => {
    process.env.IYS_TOKEN_LIMIT_PER_HOUR = '3';
    advanceClock(3600 * 1000); // a fresh hour window
    const statuses: number[] = [];
    let last: { status: number; body: any } | undefined;
    for (let i = 0; i < 4; i++) {
      last = await sys.call('POST', '/oauth2/token', {
        body: { grant_type: 'password', username: 'ornek-api', password: 'nope-nope' },
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([400, 400, 400, 429]);
    expect(last!.body.errors[0].code).toBe('H084');
    process.env.IYS_TOKEN_LIMIT_PER_HOUR = '1000';
  });
});
