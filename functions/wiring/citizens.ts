import * as session from '../adapters/citizen-session.js';
import * as consentStore from '../adapters/consent-store.js';
import { directory } from '../adapters/directory.js';
import { send } from '../adapters/outbox.js';
import { brandOwner, countRequest } from '../adapters/registry-store.js';
import { type CitizenUseCases, citizenUseCases } from '../app/citizens.js';
import { awsConsents } from './consents.js';

/**
 * The recipient use cases over AWS: codes and sessions in the Registry table (the registry key's secrets),
 * the outbox, the cached directory, the recipient index and states, the consent use cases.
 */
export function awsCitizens(): CitizenUseCases {
  return citizenUseCases({
    countRequest,
    registryIndexOf: session.registryIndexOf,
    newCode: session.newCode,
    getOtp: session.getOtp,
    putOtp: session.putOtp,
    checkOtp: session.checkOtp,
    issueSession: session.issueSession,
    send,
    provider: (iysCode) => directory.provider(iysCode),
    brand: (iysCode, brandCode) => directory.brand(iysCode, brandCode),
    brandOwner,
    recipientIndex: consentStore.recipientIndex,
    getStates: consentStore.getStates,
    getState: consentStore.getState,
    consents: awsConsents(),
  });
}
