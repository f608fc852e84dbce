import { heldAddresses } from '../adapters/consent-store.js';
import { directory, forgetDirectory } from '../adapters/directory.js';
import { logger } from '../adapters/logger.js';
import {
  recordSubscriptionChange,
  subscriptionHistory,
  subscriptionRecord,
  usedAddresses,
} from '../adapters/subscription-store.js';
import { viaPackage } from '../adapters/via-store.js';
import { type SubscriptionUseCases, subscriptionUseCases } from '../app/subscriptions.js';

/** The subscription use cases over AWS: the directory, the recipient index, the address counter. */
export function awsSubscriptions(): SubscriptionUseCases {
  return subscriptionUseCases({
    provider: (iysCode) => directory.provider(iysCode),
    heldAddresses,
    usedAddresses,
    subscriptionRecord,
    recordChange: recordSubscriptionChange,
    history: subscriptionHistory,
    forgetProviders: forgetDirectory,
    viaPackage,
    audited: (c) => logger.info('subscription changed', { audit: 'subscription', ...c }),
  });
}
