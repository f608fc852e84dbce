import type {
  countRequest,
  putRefreshToken,
  rotateRefreshToken,
  UserItem,
} from '../adapters/registry-store.js';
import type { TokenStateCache } from '../adapters/token-versions.js';
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

/** What checking a token needs: its signature, the time, and the users' token states. */
export interface TokenCheckPorts {
  /** The claims of a token signed with the token key, or undefined (bad signature, malformed). */
  verify<T>(token: string): Promise<T | undefined>;
  now(): Date;
}

/** What the token endpoint reaches: the registry's users, refresh-token chains and request counters. */
export interface TokenPorts extends TokenCheckPorts {
  user(username: string): Promise<UserItem | undefined>;
  checkPassword(password: string, stored: string | undefined): Promise<boolean>;
  sign(claims: object): Promise<string>;
  newTokenId(): string;
  /** Re-read per request: the setting may change while the system runs. */
  limitPerHour(): number;
  countRequest: typeof countRequest;
  putRefreshToken: typeof putRefreshToken;
  rotateRefreshToken: typeof rotateRefreshToken;
}

/** What the authorizer reaches: no user record, only the cached token states (adapters/token-versions.ts). */
export interface AuthenticatorPorts extends TokenCheckPorts {
  tokenStates: TokenStateCache;
}

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

function identityOf(user: UserItem): Identity {
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
export function tokenUseCases(ports: TokenPorts) {
  async function limitTokenRequests(ip: string): Promise<void> {
    const nowS = Math.floor(ports.now().getTime() / 1000);
    const hour = Math.floor(nowS / 3600);
    const count = await ports.countRequest(`token#${ip}#${hour}`, (hour + 2) * 3600);
    if (count > ports.limitPerHour()) throw IysError.limited('H084', (hour + 1) * 3600 - nowS);
  }

  async function issue(user: UserItem, nowS: number, refreshJti: string): Promise<TokenResponse> {
    const identity = identityOf(user);
    const tv = user.tokenVersion ?? 0;
    const [access, refresh] = await Promise.all([
      ports.sign(accessClaims(identity, nowS, ports.newTokenId(), tv)),
      ports.sign(refreshClaims(identity.username, nowS, refreshJti, user.passwordVersion ?? 0, tv)),
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

  async function createToken(req: TokenRequest, ip: string): Promise<TokenResponse> {
    await limitTokenRequests(ip);
    const grant = req.grant_type;
    if (grant === undefined || grant === null)
      throw new OAuthError(400, 'invalid_request', 'Giriş yöntemi belirtilmemiş.');
    if (typeof grant !== 'string')
      throw new OAuthError(400, 'invalid_grant', 'Desteklenmeyen giriş yöntemi.');
    if (grant.trim() === '') throw new OAuthError(400, 'invalid_grant', 'Giriş yöntemi boş olamaz.');
    const nowS = Math.floor(ports.now().getTime() / 1000);

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
      const user = await ports.user(username);
      const ok = await ports.checkPassword(password, user?.passwordHash);
      if (!ok || !user || user.disabled) throw invalidCredentials();
      const jti = ports.newTokenId();
      const tokens = await issue(user, nowS, jti);
      await ports.putRefreshToken(jti, user.username, nowS + refreshTokenSeconds);
      return tokens;
    }

    if (grant === 'refresh_token') {
      const token = field(req, 'refresh_token', {
        missing: 'Yenileme jetonu verilmemiş.',
        wrongType: 'Desteklenmeyen yenileme jetonu türü.',
        empty: 'Yenileme jetonu boş olamaz.',
      });
      const claims = await ports.verify<RefreshClaims>(token);
      if (claims?.typ !== 'refresh' || !isCurrent(claims, nowS)) throw invalidRefresh();
      const user = await ports.user(claims.sub);
      if (!user || user.disabled) throw invalidRefresh();
      if ((claims.pwv ?? 0) !== (user.passwordVersion ?? 0)) throw invalidRefresh(); // the password changed since
      if ((claims.tv ?? 0) !== (user.tokenVersion ?? 0)) throw invalidRefresh(); // disabled (or a new password) since
      const jti = ports.newTokenId();
      // One use only: the old id is consumed in the same transaction that records its successor.
      const rotated = await ports.rotateRefreshToken(claims.jti, user.username, nowS, {
        jti,
        expiresAt: nowS + refreshTokenSeconds,
      });
      if (!rotated) throw invalidRefresh();
      return issue(user, nowS, jti);
    }

    throw new OAuthError(400, 'invalid_request', 'Bilinmeyen giriş yöntemi.');
  }

  return { createToken };
}

export type TokenUseCases = ReturnType<typeof tokenUseCases>;

/**
 * The authorizer's check: signature (cached public key), type, lifetime, then the user's token state (not
 * disabled, same token version: adapters/token-versions.ts), cached per warm container. No KMS call; a database read
 * at most once per user per cache TTL.
 */
export function authenticator(ports: AuthenticatorPorts) {
  async function authenticate(bearer: string | undefined): Promise<Identity | undefined> {
    if (!bearer) return undefined;
    const m = /^Bearer\s+(\S+)$/i.exec(bearer.trim());
    if (!m) return undefined;
    const claims = await ports.verify<AccessClaims>(m[1]!);
    if (claims?.typ !== 'access') return undefined;
    const nowMs = ports.now().getTime();
    if (!isCurrent(claims, Math.floor(nowMs / 1000))) return undefined;
    if (!honoured(claims, await ports.tokenStates.get(claims.sub, nowMs))) {
      // A state cached before this token was issued may predate the change the token was issued after (a new
      // password, an enable): read it again once. 2 s after the issue second covers the clocks' skew.
      const issuedMs = (claims.iat + 2) * 1000;
      if (!honoured(claims, await ports.tokenStates.get(claims.sub, nowMs, issuedMs))) return undefined;
    }
    return identityFromClaims(claims);
  }

  return { authenticate };
}

export type Authenticator = ReturnType<typeof authenticator>;
