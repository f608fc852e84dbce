import { openText } from '../adapters/citizen-session.js';
import * as complaintStore from '../adapters/complaint-store.js';
import * as consentStore from '../adapters/consent-store.js';
import { directory } from '../adapters/directory.js';
import { logger } from '../adapters/logger.js';
import { type AuthorityUseCases, authorityUseCases } from '../app/authority.js';

/** The authority's view over AWS: complaints and audit lines, consent states and movements, the seal. */
export function awsAuthority(): AuthorityUseCases {
  return authorityUseCases({
    listComplaints: complaintStore.listComplaints,
    getComplaint: complaintStore.getComplaint,
    updateComplaintStatus: complaintStore.updateComplaintStatus,
    audit: complaintStore.audit,
    getState: consentStore.getState,
    getMovements: consentStore.getMovements,
    layout: consentStore,
    provider: (iysCode) => directory.provider(iysCode),
    brand: (iysCode, brandCode) => directory.brand(iysCode, brandCode),
    openText,
    log: logger,
  });
}
