import { clock } from '../adapters/clock.js';
import { env } from '../adapters/env.js';
import { newTokenId, signJwt, verifyJwt } from '../adapters/jwt.js';
import { verifyPassword } from '../adapters/passwords.js';
import { countRequest, getUser, putRefreshToken, rotateRefreshToken } from '../adapters/registry-store.js';
import { type TokenUseCases, tokenUseCases } from '../app/identity.js';

/**
 * The token endpoint over AWS: the Registry table's users, refresh tokens and counters, the token key.
 * (The authorizer is wired apart, functions/wiring/authenticator.ts: it signs nothing and writes nothing.)
 */
export function awsTokens(): TokenUseCases {
  return tokenUseCases({
    now: () => clock.now(),
    limitPerHour: () => env.tokenLimitPerHour(),
    countRequest,
    user: getUser,
    checkPassword: verifyPassword,
    // Called here, not passed on: the grant review (test/infra/needs.ts) finds signing by its call.
    sign: (claims) => signJwt(claims),
    newTokenId,
    verify: verifyJwt,
    putRefreshToken,
    rotateRefreshToken,
  });
}
