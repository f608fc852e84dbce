import { sealText } from '../adapters/citizen-session.js';
import * as store from '../adapters/complaint-store.js';
import { directory } from '../adapters/directory.js';
import { brandOwner } from '../adapters/registry-store.js';
import { brandsByShortName } from '../adapters/short-names.js';
import { type ComplaintUseCases, complaintUseCases } from '../app/complaints.js';
import { awsConsents } from './consents.js';

/** The recipient's complaints over AWS: the Registry table, the cached directory, the address seal. */
export function awsComplaints(): ComplaintUseCases {
  return complaintUseCases({
    brandOwner,
    brandsByShortName,
    provider: (iysCode) => directory.provider(iysCode),
    brand: (iysCode, brandCode) => directory.brand(iysCode, brandCode),
    consents: awsConsents(),
    newComplaintId: store.newComplaintId,
    putComplaint: store.putComplaint,
    citizenComplaints: store.citizenComplaints,
    sealText,
  });
}
