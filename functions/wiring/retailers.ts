import { providerSecret, registryIndexSecret } from '../adapters/blind-index.js';
import { clock } from '../adapters/clock.js';
import * as consentStore from '../adapters/consent-store.js';
import { directory } from '../adapters/directory.js';
import { logger } from '../adapters/logger.js';
import { forgetRetailer, retailerBrands } from '../adapters/retailer-codes.js';
import * as store from '../adapters/retailer-store.js';
import { type RetailerUseCases, retailerUseCases } from '../app/retailers.js';

/**
 * The retailer use cases over AWS: retailer items and consent states in DynamoDB, the registry and provider
 * blind-index secrets, the cached directory and retailer-code look-ups (functions/adapters/retailer-codes.ts).
 */
export function awsRetailers(): RetailerUseCases {
  return retailerUseCases({
    registrySecret: registryIndexSecret,
    provider: (iysCode) => directory.provider(iysCode),
    providerSecret,
    createRetailer: store.createRetailer,
    claimHolder: store.getUniqueClaim,
    retailer: store.getRetailer,
    listRetailers: store.listRetailers,
    retailers: store.getRetailers,
    deleteRetailer: store.deleteRetailer,
    addAccessCounts: store.addAccessCounts,
    retailerBrands,
    forgetRetailer,
    consentState: consentStore.getState,
    setConsentTies: store.setConsentTies,
    now: () => clock.now(),
    accessChanged: (summary) => logger.info('retailer access changed', summary),
    layout: { uniqueKey: store.retailerKeys.unique, stateKey: consentStore.stateKey },
  });
}
