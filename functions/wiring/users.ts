import { hashPassword } from '../adapters/passwords.js';
import { createUser, getUser } from '../adapters/registry-store.js';
import type { UserPorts } from '../app/onboarding.js';

/**
 * The registry's users and the password hash. Apart from functions/wiring/onboarding.ts so that a provider's
 * own user administration (functions/wiring/admin.ts) reaches no provider-key creation.
 */
export function awsUserPorts(): UserPorts {
  return { user: getUser, putUser: createUser, hashPassword };
}
