import { randomUUID } from 'node:crypto';
import type { ConsentType, RecipientType } from '../domain/consent/types.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/batch-consent-status.js';
import { awsConsents } from '../wiring/consents.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const consents = awsConsents();

// The spec's body check has verified the path's recipientType and type and the recipients for that channel.
export const operation = implement(spec, async (req) => {
  const list = await consents.approvedRecipients(
    { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
    req.path.recipientType as RecipientType,
    req.path.type as ConsentType,
    req.body.recipients,
  );
  return json(200, { requestId: randomUUID(), list });
});

export const handler = apiHandler(operation);
