import { heldAddresses } from '../adapters/consent-store.js';
import { directory, forgetDirectory } from '../adapters/directory.js';
import { setSubscription, usedAddresses } from '../adapters/subscription-store.js';
import { type SubscriptionUseCases, subscriptionUseCases } from '../app/subscriptions.js';

/** The subscription use cases over AWS: the directory, the recipient index, the address counter. */
export function awsSubscriptions(): SubscriptionUseCases {
  return subscriptionUseCases({
    provider: (iysCode) => directory.provider(iysCode),
    heldAddresses,
    usedAddresses,
    setSubscription,
    forgetProviders: forgetDirectory,
  });
}
