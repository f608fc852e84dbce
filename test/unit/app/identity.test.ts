import { describe, expect, it } from 'vitest';
import type { UserItem } from '../../../functions/adapters/registry-store.js';
import type { TokenStateCache } from '../../../functions/adapters/token-versions.js';
import { authenticator, type TokenRequest, tokenUseCases } from '../../../functions/app/identity.js';
import { IysError, OAuthError } from '../../../functions/domain/errors.js';
import {
  accessClaims,
  accessTokenSeconds,
  type RefreshClaims,
  refreshClaims,
  refreshTokenSeconds,
} from '../../../functions/domain/identity.js';
import { fakeCheck, fakeClock, fakeCounters, fakeTokenKey, fakeUsers } from './identity-fakes.js';
import { refusal } from './refusal.js';

const start = '2026-11-25T10:15:00Z';
const startS = Date.parse(start) / 1000;

/** The token use cases over in-memory users, refresh tokens, counters and token key. */
function setup(opts: { limit?: number; users?: UserItem[] } = {}) {
  const clock = fakeClock(start);
  const key = fakeTokenKey();
  const users = fakeUsers(
    opts.users ?? [
      {
        username: 'ornek-api',
        passwordHash: 'hash:change-me-1',
        actor: 'HS',
        iysCode: 700001,
        passwordVersion: 5,
        tokenVersion: 9,
      },
      {
        username: 'entegrator-api',
        passwordHash: 'hash:change-me-2',
        actor: 'INTEGRATOR',
        integratorCode: 900001,
      },
      { username: 'kapali', passwordHash: 'hash:change-me-3', actor: 'HS', iysCode: 700001, disabled: true },
    ],
  );
  const counters = fakeCounters();
  /** Refresh-token ids → their user and expiry, as the registry keeps them. */
  const refresh = new Map<string, { username: string; expiresAt: number }>();
  let ids = 0;
  const uc = tokenUseCases({
    now: clock.now,
    limitPerHour: () => opts.limit ?? 100,
    countRequest: counters.countRequest,
    user: users.user,
    checkPassword: fakeCheck,
    sign: key.sign,
    verify: key.verify,
    newTokenId: () => `jti-${++ids}`,
    putRefreshToken: async (jti, username, expiresAt) => {
      refresh.set(jti, { username, expiresAt });
    },
    rotateRefreshToken: async (oldJti, username, nowS, next) => {
      const old = refresh.get(oldJti);
      if (!old || old.username !== username || old.expiresAt <= nowS || refresh.has(next.jti)) return false;
      refresh.delete(oldJti);
      refresh.set(next.jti, { username, expiresAt: next.expiresAt });
      return true;
    },
  });
  return { uc, clock, key, users, counters, refresh };
}

/** How the token endpoint refused: OAuth2's error and description, or an İYS code (the rate limit). */
async function oauthRefusal(p: Promise<unknown>) {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (e instanceof OAuthError) return { status: e.status, error: e.error, description: e.description };
    if (e instanceof IysError) return { status: e.status, codes: e.errors.map((x) => x.code) };
    throw e;
  }
}

const password = (username: unknown, pw: unknown): TokenRequest => ({
  grant_type: 'password',
  username,
  password: pw,
});

describe('createToken: the password grant', () => {
  it('issues an access and a refresh token carrying the user’s identity and versions, and records the refresh id', async () => {
    const { uc, key, refresh } = setup();
    const t = await uc.createToken(password('ornek-api', 'change-me-1'), '10.0.0.1');
    expect(t).toMatchObject({
      expires_in: accessTokenSeconds,
      refresh_expires_in: refreshTokenSeconds,
      token_type: 'bearer',
      'not-before-policy': 0,
      scope: 'profile email',
    });
    expect(key.claims(t.access_token)).toEqual(
      accessClaims({ username: 'ornek-api', kind: 'HS', iysCode: 700001 }, startS, 'jti-2', 9),
    );
    expect(key.claims(t.refresh_token)).toEqual(refreshClaims('ornek-api', startS, 'jti-1', 5, 9));
    expect([...refresh]).toEqual([
      ['jti-1', { username: 'ornek-api', expiresAt: startS + refreshTokenSeconds }],
    ]);
  });

  it('an integrator’s token carries its integrator code, and versions default to 0', async () => {
    const { uc, key } = setup();
    const t = await uc.createToken(password('entegrator-api', 'change-me-2'), '10.0.0.1');
    expect(key.claims(t.access_token)).toMatchObject({
      sub: 'entegrator-api',
      kind: 'INTEGRATOR',
      int: 900001,
      tv: 0,
    });
    expect(key.claims(t.access_token)).not.toHaveProperty('iys');
    expect(key.claims(t.refresh_token)).toMatchObject({ pwv: 0, tv: 0 });
  });

  it('refuses a wrong password, an unknown user and a disabled user alike, recording nothing', async () => {
    const { uc, refresh } = setup();
    const invalid = {
      status: 400,
      error: 'invalid_request',
      description: 'Kullanıcı kimlik bilgileri geçersiz.',
    };
    expect(await oauthRefusal(uc.createToken(password('ornek-api', 'wrong'), 'ip'))).toEqual(invalid);
    expect(await oauthRefusal(uc.createToken(password('nobody', 'change-me-1'), 'ip'))).toEqual(invalid);
    expect(await oauthRefusal(uc.createToken(password('kapali', 'change-me-3'), 'ip'))).toEqual(invalid);
    expect(refresh.size).toBe(0);
  });

  it('checks each field the way İYS answers: missing, of another type, empty', async () => {
    const { uc } = setup();
    const cases: [TokenRequest, string, string][] = [
      [{}, 'invalid_request', 'Giriş yöntemi belirtilmemiş.'],
      [{ grant_type: null }, 'invalid_request', 'Giriş yöntemi belirtilmemiş.'],
      [{ grant_type: 7 }, 'invalid_grant', 'Desteklenmeyen giriş yöntemi.'],
      [{ grant_type: '  ' }, 'invalid_grant', 'Giriş yöntemi boş olamaz.'],
      [{ grant_type: 'client_credentials' }, 'invalid_request', 'Bilinmeyen giriş yöntemi.'],
      [{ grant_type: 'password', password: 'x' }, 'invalid_request', 'Kullanıcı adı verilmemiş.'],
      [password(['ornek-api'], 'x'), 'invalid_request', 'Desteklenmeyen kullanıcı adı türü.'],
      [password('', 'x'), 'invalid_grant', 'Kullanıcı adı boş bırakılamaz.'],
      [password('ornek-api', undefined), 'invalid_request', 'Şifre verilmemiş.'],
      [password('ornek-api', 12), 'invalid_request', 'Desteklenmeyen şifre türü.'],
      [password('ornek-api', ' '), 'invalid_grant', 'Şifre boş bırakılamaz.'],
      [{ grant_type: 'refresh_token' }, 'invalid_request', 'Yenileme jetonu verilmemiş.'],
      [
        { grant_type: 'refresh_token', refresh_token: 1 },
        'invalid_request',
        'Desteklenmeyen yenileme jetonu türü.',
      ],
      [{ grant_type: 'refresh_token', refresh_token: '' }, 'invalid_grant', 'Yenileme jetonu boş olamaz.'],
    ];
    for (const [req, error, description] of cases)
      expect({ req, answer: await oauthRefusal(uc.createToken(req, 'ip')) }).toEqual({
        req,
        answer: { status: 400, error, description },
      });
  });

  it('counts token requests per IP and hour: beyond the limit H084 with the seconds to the next hour', async () => {
    const { uc, clock, counters } = setup({ limit: 2 });
    await uc.createToken(password('ornek-api', 'change-me-1'), '10.0.0.1');
    // A refused request counts too (the limit is checked before the body).
    expect(await oauthRefusal(uc.createToken({}, '10.0.0.1'))).toMatchObject({ error: 'invalid_request' });
    const third = uc.createToken(password('ornek-api', 'change-me-1'), '10.0.0.1');
    expect(await refusal(third)).toEqual({ status: 429, codes: ['H084'] });
    const e = await third.catch((x: IysError) => x);
    expect((e as IysError).retryAfterSeconds).toBe(45 * 60); // 10:15 → 11:00
    // Another IP, and the same IP in the next hour, have their own windows.
    await uc.createToken(password('ornek-api', 'change-me-1'), '10.0.0.2');
    clock.advance(45 * 60 * 1000);
    await uc.createToken(password('ornek-api', 'change-me-1'), '10.0.0.1');
    const hour = Math.floor(startS / 3600);
    expect(Object.fromEntries(counters.counts)).toEqual({
      [`token#10.0.0.1#${hour}`]: 3,
      [`token#10.0.0.2#${hour}`]: 1,
      [`token#10.0.0.1#${hour + 1}`]: 1,
    });
  });
});

describe('createToken: the refresh grant', () => {
  const refreshWith = (refresh_token: string): TokenRequest => ({
    grant_type: 'refresh_token',
    refresh_token,
  });
  const invalidRefresh = {
    status: 400,
    error: 'invalid_grant',
    description: 'Yenileme jetonu geçersiz veya süresi dolmuş.',
  };

  it('rotates: a new pair under the user’s current versions, the old refresh token used up', async () => {
    const { uc, key, clock, refresh } = setup();
    const first = await uc.createToken(password('ornek-api', 'change-me-1'), 'ip');
    clock.advance(60_000);
    const second = await uc.createToken(refreshWith(first.refresh_token), 'ip');
    expect(key.claims(second.refresh_token)).toEqual(refreshClaims('ornek-api', startS + 60, 'jti-3', 5, 9));
    expect(key.claims(second.access_token)).toMatchObject({
      sub: 'ornek-api',
      iat: startS + 60,
      jti: 'jti-4',
    });
    expect([...refresh.keys()]).toEqual(['jti-3']);
    expect(await oauthRefusal(uc.createToken(refreshWith(first.refresh_token), 'ip'))).toEqual(
      invalidRefresh,
    );
    // The successor works in turn.
    await expect(uc.createToken(refreshWith(second.refresh_token), 'ip')).resolves.toMatchObject({
      token_type: 'bearer',
    });
  });

  it('refuses a forged token, an access token, and an expired one', async () => {
    const { uc, key, clock } = setup();
    const t = await uc.createToken(password('ornek-api', 'change-me-1'), 'ip');
    const forged = `signed.${Buffer.from(JSON.stringify(key.claims(t.refresh_token))).toString('base64url')}x`;
    expect(await oauthRefusal(uc.createToken(refreshWith(forged), 'ip'))).toEqual(invalidRefresh);
    expect(await oauthRefusal(uc.createToken(refreshWith(t.access_token), 'ip'))).toEqual(invalidRefresh);
    clock.advance(refreshTokenSeconds * 1000);
    expect(await oauthRefusal(uc.createToken(refreshWith(t.refresh_token), 'ip'))).toEqual(invalidRefresh);
  });

  it('refuses once the user is gone or disabled, or its password or token version changed', async () => {
    for (const change of [
      (u: ReturnType<typeof fakeUsers>) => u.users.delete('ornek-api'),
      (u: ReturnType<typeof fakeUsers>) => u.updateUser('ornek-api', { disabled: true }),
      (u: ReturnType<typeof fakeUsers>) => u.updateUser('ornek-api', { passwordVersion: 6 }),
      (u: ReturnType<typeof fakeUsers>) => u.updateUser('ornek-api', { tokenVersion: 10 }),
    ]) {
      const { uc, users, refresh } = setup();
      const t = await uc.createToken(password('ornek-api', 'change-me-1'), 'ip');
      await change(users);
      expect(await oauthRefusal(uc.createToken(refreshWith(t.refresh_token), 'ip'))).toEqual(invalidRefresh);
      expect([...refresh.keys()]).toEqual(['jti-1']); // nothing consumed
    }
  });

  it('refuses a validly signed token whose id the registry no longer holds (a lost race)', async () => {
    const { uc, key } = setup();
    const orphan = await key.sign(refreshClaims('ornek-api', startS, 'never-recorded', 5, 9));
    expect(await oauthRefusal(uc.createToken(refreshWith(orphan), 'ip'))).toEqual(invalidRefresh);
  });

  it('a token without versions (issued before them) matches a user at version 0', async () => {
    const { uc, key, refresh } = setup({
      users: [{ username: 'eski', passwordHash: 'hash:change-me-9', actor: 'OPERATOR' }],
    });
    const claims = refreshClaims('eski', startS, 'old', 0, 0) as Partial<RefreshClaims>;
    delete claims.pwv;
    delete claims.tv;
    refresh.set('old', { username: 'eski', expiresAt: startS + 100 });
    const t = await uc.createToken(refreshWith(await key.sign(claims)), 'ip');
    expect(key.claims(t.access_token)).toMatchObject({ sub: 'eski', kind: 'OPERATOR', tv: 0 });
  });
});

describe('authenticate: the authorizer’s check', () => {
  /** The authenticator over the fake key and a token-state cache that records its reads. */
  function setupCheck() {
    const clock = fakeClock(start);
    const key = fakeTokenKey();
    const users = fakeUsers([
      { username: 'ornek-api', passwordHash: 'h', actor: 'HS', iysCode: 700001, tokenVersion: 3 },
    ]);
    const reads: { username: string; loadedSinceMs: number | undefined }[] = [];
    let cached: ReturnType<typeof users.state>;
    const tokenStates: TokenStateCache = {
      async get(username, _nowMs, loadedSinceMs) {
        reads.push({ username, loadedSinceMs });
        // A first read is served from a stale copy; asked for one loaded since the token's issue, a fresh one.
        if (loadedSinceMs === undefined && cached !== undefined) return cached;
        return users.state(username);
      },
    };
    const { authenticate } = authenticator({ verify: key.verify, now: clock.now, tokenStates });
    return { authenticate, key, clock, users, reads, stale: (s: typeof cached) => (cached = s) };
  }
  const hs = { username: 'ornek-api', kind: 'HS' as const, iysCode: 700001 };

  it('answers the identity of a current access token of an honoured user, with one state read', async () => {
    const { authenticate, key, reads } = setupCheck();
    const t = await key.sign(accessClaims(hs, startS - 10, 'j', 3));
    expect(await authenticate(`Bearer ${t}`)).toEqual(hs);
    expect(await authenticate(`  bearer   ${t} `)).toEqual(hs);
    expect(reads).toEqual([
      { username: 'ornek-api', loadedSinceMs: undefined },
      { username: 'ornek-api', loadedSinceMs: undefined },
    ]);
  });

  it('refuses without reading a state: no header, another scheme, a bad signature, a refresh token, an expired token', async () => {
    const { authenticate, key, clock, reads } = setupCheck();
    const t = await key.sign(accessClaims(hs, startS, 'j', 3));
    expect(await authenticate(undefined)).toBeUndefined();
    expect(await authenticate('')).toBeUndefined();
    expect(await authenticate(`Basic ${t}`)).toBeUndefined();
    expect(await authenticate(`Bearer ${t} extra`)).toBeUndefined();
    expect(await authenticate(`Bearer ${t}x`)).toBeUndefined();
    expect(
      await authenticate(`Bearer ${await key.sign(refreshClaims('ornek-api', startS, 'r', 0, 3))}`),
    ).toBe(undefined);
    // Issued more than the 60 s leeway in the future.
    expect(await authenticate(`Bearer ${await key.sign(accessClaims(hs, startS + 61, 'f', 3))}`)).toBe(
      undefined,
    );
    clock.advance(accessTokenSeconds * 1000);
    expect(await authenticate(`Bearer ${t}`)).toBeUndefined();
    expect(reads).toEqual([]);
  });

  it('refuses the token of a disabled, gone or re-versioned user after reading its state again once', async () => {
    const { authenticate, key, users, reads } = setupCheck();
    const t = await key.sign(accessClaims(hs, startS - 10, 'j', 3));
    await users.updateUser('ornek-api', { disabled: true });
    expect(await authenticate(`Bearer ${t}`)).toBeUndefined();
    await users.updateUser('ornek-api', { disabled: false, tokenVersion: 4 });
    expect(await authenticate(`Bearer ${t}`)).toBeUndefined();
    users.users.delete('ornek-api');
    expect(await authenticate(`Bearer ${t}`)).toBeUndefined();
    // Each refusal read the state a second time, asking for one loaded since 2 s after the token's issue.
    const since = (startS - 10 + 2) * 1000;
    expect(reads.map((r) => r.loadedSinceMs)).toEqual([undefined, since, undefined, since, undefined, since]);
  });

  it('honours a token issued after the cached state (a new password) through the fresh read', async () => {
    const { authenticate, key, stale, reads } = setupCheck();
    stale({ disabled: false, version: 2 }); // cached before the password change that gave version 3
    const t = await key.sign(accessClaims(hs, startS, 'new', 3));
    expect(await authenticate(`Bearer ${t}`)).toEqual(hs);
    expect(reads.map((r) => r.loadedSinceMs)).toEqual([undefined, (startS + 2) * 1000]);
  });
});
