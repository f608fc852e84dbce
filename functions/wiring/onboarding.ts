import { ensureIntegratorSubscription } from '../adapters/application-store.js';
import { clock } from '../adapters/clock.js';
import { ensureProviderKeys, newWrappedSecret } from '../adapters/provider-keys.js';
import {
  createBrand,
  createProvider,
  getProvider,
  putGrant,
  putIntegrator,
} from '../adapters/registry-store.js';
import { indexShortNames } from '../adapters/short-names.js';
import { type OnboardingUseCases, onboardingUseCases } from '../app/onboarding.js';
import { awsUserPorts } from './users.js';

/** Onboarding over AWS: the provider's KMS keys, the Registry table, the SMS short-name index. */
export function awsOnboarding(): OnboardingUseCases {
  return onboardingUseCases({
    ...awsUserPorts(),
    now: () => clock.now(),
    // Called here, not passed on: the grant review (test/infra/needs.ts) finds key creation by its call.
    providerKeys: (iysCode) => ensureProviderKeys(iysCode),
    wrappedSecret: newWrappedSecret,
    provider: getProvider,
    putProvider: createProvider,
    putBrand: createBrand,
    indexShortNames,
    putIntegrator,
    ensureIntegratorSubscription,
    putGrant,
  });
}
