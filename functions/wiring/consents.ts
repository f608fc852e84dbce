import { providerSecret, registryIndexSecret } from '../adapters/blind-index.js';
import { clock } from '../adapters/clock.js';
import * as store from '../adapters/consent-store.js';
import { directory } from '../adapters/directory.js';
import { open, sealMany } from '../adapters/envelope.js';
import { metric } from '../adapters/observability.js';
import { retailerTitle } from '../adapters/retailer-codes.js';
import { readWatermark } from '../adapters/watermark-store.js';
import { type ConsentsPorts, type ConsentUseCases, consentUseCases } from '../app/consents.js';
import { awsRetailers } from './retailers.js';
import { awsSubscriptions } from './subscriptions.js';

/**
 * The consent use cases over AWS: DynamoDB (functions/adapters/consent-store.ts), KMS data keys
 * (envelope.ts), the blind-index secrets, the watermark, the directory and retailer look-ups, Powertools
 * metrics. What these cache lives in the running system's container (functions/adapters/container.ts), so
 * the ports themselves hold nothing and a composition root builds them once per cold start.
 */
export function awsConsentPorts(): ConsentsPorts {
  const { addressUsage } = awsSubscriptions();
  const { checkRetailerCodes, tiesChanged } = awsRetailers();
  return {
    provider: (iysCode) => directory.provider(iysCode),
    providerSecret,
    registrySecret: registryIndexSecret,
    sealMany,
    open,
    getStates: store.getStates,
    putStates: (writes) => store.putStates(writes),
    indexRecipients: (states) => store.putRecipientIndexes(states),
    addressUsage: (provider, ridxs) => addressUsage(provider.iysCode, ridxs),
    checkRetailers: async (t, record) => {
      if (record.retailerCode !== undefined)
        await checkRetailerCodes(t, { field: 'retailerCode', codes: [record.retailerCode], single: true });
      if (record.retailerAccess?.length)
        await checkRetailerCodes(t, { field: 'retailerAccess', codes: record.retailerAccess });
    },
    tiesChanged: (t, before, after) => tiesChanged(t, before, after),
    watermark: () => readWatermark(),
    now: () => clock.now(),
    layout: store,
    metrics: metric,
    getState: store.getState,
    getStatuses: store.getStatuses,
    getMovements: store.getMovements,
    activeHours: store.activeHours,
    feedPartition: store.feedPartition,
    retailerTitle,
  };
}

export function awsConsents(): ConsentUseCases {
  return consentUseCases(awsConsentPorts());
}
