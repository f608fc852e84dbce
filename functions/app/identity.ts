import type { Clock } from '../adapters/clock.js';
import { newTokenId, signJwt, verifyJwt } from '../adapters/jwt.js';
import { verifyPassword } from '../adapters/passwords.js';
import * as store from '../adapters/registry-store.js';
import { type TokenStateCache, tokenStates } from '../adapters/token-versions.js';
import { IysError, OAuthError } from '../domain/errors.js';
import {
  type AccessClaims,
  accessClaims,
  accessTokenSeconds,
  honoured,
  type Identity,
  identityFromClaims,
  isCurrent,
  type RefreshClaims,
  refreshClaims,
  refreshTokenSeconds,
} from '../domain/identity.js';

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_expires_in: number;
  refresh_token: string;
  token_type: 'bearer';
  'not-before-policy': 0;
  scope: string;
}

/** The token request as it arrives (JSON or form); each field is checked the way İYS answers. */
export type TokenRequest = Record<string, unknown>;

function field(
  req: TokenRequest,
  name: string,
  texts: { missing: string; wrongType: string; empty: string },
): string {
  const v = req[name];
  if (v === undefined || v === null) throw new OAuthError(400, 'invalid_request', texts.missing);
  if (typeof v !== 'string') throw new OAuthError(400, 'invalid_request', texts.wrongType);
  if (v.trim() === '') throw new OAuthError(400, 'invalid_grant', texts.empty);
  return v;
}

async function limitTokenRequests(ip: string, clock: Clock, limitPerHour: number): Promise<void> {
  const nowS = Math.floor(clock.now().getTime() / 1000);
  const hour = Math.floor(nowS / 3600);
  const count = await store.countRequest(`token#${ip}#${hour}`, (hour + 2) * 3600);
  if (count > limitPerHour) throw IysError.limited('H084', (hour + 1) * 3600 - nowS);
}

async function issue(user: store.UserItem, nowS: number, refreshJti: string): Promise<TokenResponse> {
  const identity = identityOf(user);
  const tv = user.tokenVersion ?? 0;
  const [access, refresh] = await Promise.all([
    signJwt(accessClaims(identity, nowS, newTokenId(), tv)),
    signJwt(refreshClaims(identity.username, nowS, refreshJti, user.passwordVersion ?? 0, tv)),
  ]);
  return {
    access_token: access,
    expires_in: accessTokenSeconds,
    refresh_expires_in: refreshTokenSeconds,
    refresh_token: refresh,
    token_type: 'bearer',
    'not-before-policy': 0,
    scope: 'profile email',
  };
}

function identityOf(user: store.UserItem): Identity {
  return {
    username: user.username,
    kind: user.actor,
    ...(user.iysCode !== undefined ? { iysCode: user.iysCode } : {}),
    ...(user.integratorCode !== undefined ? { integratorCode: user.integratorCode } : {}),
  };
}

const invalidCredentials = () =>
  new OAuthError(400, 'invalid_request', 'Kullanıcı kimlik bilgileri geçersiz.');
const invalidRefresh = () =>
  new OAuthError(400, 'invalid_grant', 'Yenileme jetonu geçersiz veya süresi dolmuş.');

/** createToken2: password and refresh grants, İYS's rules and messages. */
export async function createToken(
  req: TokenRequest,
  ctx: { ip: string; clock: Clock; limitPerHour: number },
): Promise<TokenResponse> {
  await limitTokenRequests(ctx.ip, ctx.clock, ctx.limitPerHour);
  const grant = req.grant_type;
  if (grant === undefined || grant === null)
    throw new OAuthError(400, 'invalid_request', 'Giriş yöntemi belirtilmemiş.');
  if (typeof grant !== 'string') throw new OAuthError(400, 'invalid_grant', 'Desteklenmeyen giriş yöntemi.');
  if (grant.trim() === '') throw new OAuthError(400, 'invalid_grant', 'Giriş yöntemi boş olamaz.');
  const nowS = Math.floor(ctx.clock.now().getTime() / 1000);

  if (grant === 'password') {
    const username = field(req, 'username', {
      missing: 'Kullanıcı adı verilmemiş.',
      wrongType: 'Desteklenmeyen kullanıcı adı türü.',
      empty: 'Kullanıcı adı boş bırakılamaz.',
    });
    const password = field(req, 'password', {
      missing: 'Şifre verilmemiş.',
      wrongType: 'Desteklenmeyen şifre türü.',
      empty: 'Şifre boş bırakılamaz.',
    });
    const user = await store.getUser(username);
    const ok = await verifyPassword(password, user?.passwordHash);
    if (!ok || !user || user.disabled) throw invalidCredentials();
    const jti = newTokenId();
    const tokens = await issue(user, nowS, jti);
    await store.putRefreshToken(jti, user.username, nowS + refreshTokenSeconds);
    return tokens;
  }

  if (grant === 'refresh_token') {
    const token = field(req, 'refresh_token', {
      missing: 'Yenileme jetonu verilmemiş.',
      wrongType: 'Desteklenmeyen yenileme jetonu türü.',
      empty: 'Yenileme jetonu boş olamaz.',
    });
    const claims = await verifyJwt<RefreshClaims>(token);
    if (claims?.typ !== 'refresh' || !isCurrent(claims, nowS)) throw invalidRefresh();
    const user = await store.getUser(claims.sub);
    if (!user || user.disabled) throw invalidRefresh();
    if ((claims.pwv ?? 0) !== (user.passwordVersion ?? 0)) throw invalidRefresh(); // the password changed since
    if ((claims.tv ?? 0) !== (user.tokenVersion ?? 0)) throw invalidRefresh(); // disabled (or a new password) since
    const jti = newTokenId();
    // One use only: the old id is consumed in the same transaction that records its successor.
    const rotated = await store.rotateRefreshToken(claims.jti, user.username, nowS, {
      jti,
      expiresAt: nowS + refreshTokenSeconds,
    });
    if (!rotated) throw invalidRefresh();
    return issue(user, nowS, jti);
  }

  throw new OAuthError(400, 'invalid_request', 'Bilinmeyen giriş yöntemi.');
}

/**
 * The authorizer's check: signature (cached public key), type, lifetime, then the user's token state (not
 * disabled, same token version: adapters/token-versions.ts), cached per warm container. No KMS call; a database read
 * at most once per user per cache TTL.
 */
export async function authenticate(
  bearer: string | undefined,
  clock: Clock,
  states: TokenStateCache = tokenStates,
): Promise<Identity | undefined> {
  if (!bearer) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(bearer.trim());
  if (!m) return undefined;
  const claims = await verifyJwt<AccessClaims>(m[1]!);
  if (claims?.typ !== 'access') return undefined;
  const nowMs = clock.now().getTime();
  if (!isCurrent(claims, Math.floor(nowMs / 1000))) return undefined;
  if (!honoured(claims, await states.get(claims.sub, nowMs))) {
    // A state cached before this token was issued may predate the change the token was issued after (a new
    // password, an enable): read it again once. 2 s after the issue second covers the clocks' skew.
    const issuedMs = (claims.iat + 2) * 1000;
    if (!honoured(claims, await states.get(claims.sub, nowMs, issuedMs))) return undefined;
  }
  return identityFromClaims(claims);
}
