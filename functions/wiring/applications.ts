import * as store from '../adapters/application-store.js';
import { clock } from '../adapters/clock.js';
import { forgetDirectory } from '../adapters/directory.js';
import { deleteDocuments, describeDocument, presignDocument } from '../adapters/documents.js';
import { config } from '../adapters/env.js';
import { logger } from '../adapters/logger.js';
import { send } from '../adapters/outbox.js';
import { countRequest } from '../adapters/registry-store.js';
import { type ApplicationUseCases, applicationUseCases } from '../app/applications.js';
import { awsAdmin } from './admin.js';
import { awsOnboarding } from './onboarding.js';

/**
 * Provider applications over AWS: the Registry table (records sealed under the registry key), the uploads
 * bucket, the outbox, and onboarding's provider creation (the provider's KMS keys).
 */
export function awsApplications(): ApplicationUseCases {
  const onboarding = awsOnboarding();
  return applicationUseCases({
    now: () => clock.now(),
    limitPerHour: () => config().IYS_APPLICATIONS_PER_HOUR,
    countRequest,
    seal: store.sealApplication,
    open: store.openApplication,
    put: store.putApplication,
    get: store.getApplication,
    list: store.listApplications,
    reserveCodes: store.reserveCodes,
    decide: store.decideApplication,
    nextCode: store.nextCode,
    updateUser: store.updateUser,
    presignDocument,
    describeDocument,
    deleteDocuments,
    send,
    log: (message, fields) => logger.info(message, fields),
    forgetProviders: forgetDirectory,
    createProvider: onboarding.createProvider,
    createUser: onboarding.createUser,
    setUserPassword: awsAdmin().setUserPassword,
  });
}
