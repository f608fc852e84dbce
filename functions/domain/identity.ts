/** Who is calling, as the authorizer establishes it from the access token. */
export type ActorKind = 'HS' | 'INTEGRATOR' | 'OPERATOR' | 'AUTHORITY' | 'CALL_CENTRE';
export const actorKinds: readonly ActorKind[] = ['HS', 'INTEGRATOR', 'OPERATOR', 'AUTHORITY', 'CALL_CENTRE'];

export interface Identity {
  username: string;
  kind: ActorKind;
  /** HS users act for exactly one provider. */
  iysCode?: number;
  /** Integrator users act for their integrator, within what providers granted. */
  integratorCode?: number;
}

/** İYS's lifetimes: access token 2 h, refresh token 4 h (OAS tag KİMLİK YÖNETİMİ). */
export const accessTokenSeconds = 7200;
export const refreshTokenSeconds = 14_400;

/**
 * Revocation (docs/identity.md): disabling a user or changing its password refuses its tokens within
 * `revocationBoundSeconds`. API Gateway keeps an authorizer's answer for a token `authorizerResultTtlSeconds`
 * (lib/stateless-stack.ts); the authorizer keeps a user's token state at most `tokenStateMaxTtlMs`
 * (IYS_TOKEN_STATE_TTL_MS). The two add up to the bound.
 */
export const revocationBoundSeconds = 60;
export const authorizerResultTtlSeconds = 30;
export const tokenStateMaxTtlMs = (revocationBoundSeconds - authorizerResultTtlSeconds) * 1000;

export interface AccessClaims {
  iss: string;
  sub: string;
  typ: 'access';
  kind: ActorKind;
  iys?: number;
  int?: number;
  iat: number;
  exp: number;
  jti: string;
  /** The user's token version when issued (absent in tokens issued before versions: 0). */
  tv?: number;
}

export interface RefreshClaims {
  iss: string;
  sub: string;
  typ: 'refresh';
  iat: number;
  exp: number;
  /** The refresh token's id; the registry keeps the one live id per chain, so an old one stops working. */
  jti: string;
  /** The user's password version when issued: a password change ends the chain. */
  pwv: number;
  /** The user's token version when issued: a disable or a password change ends the chain. */
  tv?: number;
}

export const tokenIssuer = 'iys-registry';

export function accessClaims(
  identity: Identity,
  nowSeconds: number,
  jti: string,
  tokenVersion = 0,
): AccessClaims {
  return {
    iss: tokenIssuer,
    sub: identity.username,
    typ: 'access',
    kind: identity.kind,
    ...(identity.iysCode !== undefined ? { iys: identity.iysCode } : {}),
    ...(identity.integratorCode !== undefined ? { int: identity.integratorCode } : {}),
    iat: nowSeconds,
    exp: nowSeconds + accessTokenSeconds,
    jti,
    tv: tokenVersion,
  };
}

export function refreshClaims(
  username: string,
  nowSeconds: number,
  jti: string,
  passwordVersion = 0,
  tokenVersion = 0,
): RefreshClaims {
  return {
    iss: tokenIssuer,
    sub: username,
    typ: 'refresh',
    iat: nowSeconds,
    exp: nowSeconds + refreshTokenSeconds,
    jti,
    pwv: passwordVersion,
    tv: tokenVersion,
  };
}

export function identityFromClaims(c: AccessClaims): Identity {
  return {
    username: c.sub,
    kind: c.kind,
    ...(c.iys !== undefined ? { iysCode: c.iys } : {}),
    ...(c.int !== undefined ? { integratorCode: c.int } : {}),
  };
}

/** Checks the time rules of a decoded token; signature checks happen in the adapter. */
export function isCurrent(claims: { exp: number; iat: number }, nowSeconds: number): boolean {
  // 60 s leeway for clock skew on iat only; expiry is strict.
  return claims.exp > nowSeconds && claims.iat <= nowSeconds + 60;
}

/** What the registry holds about a user's tokens: whether it is disabled, and its token version. */
export interface TokenState {
  disabled: boolean;
  version: number;
}

/**
 * A token is still honoured while its user exists, is not disabled and has the version the token carries:
 * disabling a user and changing its password give it a new version (app/admin.ts).
 */
export function honoured(claims: { tv?: number }, state: TokenState | undefined): boolean {
  return state !== undefined && !state.disabled && (claims.tv ?? 0) === state.version;
}

/** Identity as carried in API Gateway's authorizer context (flat strings only). */
export function identityToContext(i: Identity): Record<string, string> {
  return {
    username: i.username,
    kind: i.kind,
    ...(i.iysCode !== undefined ? { iysCode: String(i.iysCode) } : {}),
    ...(i.integratorCode !== undefined ? { integratorCode: String(i.integratorCode) } : {}),
  };
}

export function identityFromContext(ctx: Record<string, unknown> | null | undefined): Identity | undefined {
  if (!ctx || typeof ctx.username !== 'string' || typeof ctx.kind !== 'string') return undefined;
  if (!actorKinds.includes(ctx.kind as ActorKind)) return undefined;
  const i: Identity = { username: ctx.username, kind: ctx.kind as ActorKind };
  if (ctx.iysCode !== undefined && ctx.iysCode !== null && ctx.iysCode !== '')
    i.iysCode = Number(ctx.iysCode);
  if (ctx.integratorCode !== undefined && ctx.integratorCode !== null && ctx.integratorCode !== '')
    i.integratorCode = Number(ctx.integratorCode);
  return i;
}
