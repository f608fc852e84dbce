import { clock } from '../adapters/clock.js';
import { verifyJwt } from '../adapters/jwt.js';
import { tokenStates } from '../adapters/token-versions.js';
import { type Authenticator, authenticator } from '../app/identity.js';

/**
 * The authorizer's check over AWS: the token key's cached public key and this container's token-state cache.
 * A file of its own so that the authorizer's code reaches neither token signing nor the registry's writes
 * (its grants: Registry read, the token key's verify).
 */
export function awsAuthenticator(): Authenticator {
  return authenticator({ verify: verifyJwt, now: () => clock.now(), tokenStates });
}
