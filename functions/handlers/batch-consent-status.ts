import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { batchStatusBodySchemaFor, STATUS_BODY_MESSAGES } from '../domain/consent/schema.js';
import { IysError } from '../domain/errors.js';
import { issuesToErrors } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { statusPath } from '../schemas/consent-api.js';
import { spec } from '../specs/batch-consent-status.js';
import { awsConsents } from '../wiring/consents.js';

const pathSchema = z.object(statusPath);

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const consents = awsConsents();

export const operation = implement(spec, async (req) => {
  const path = pathSchema.safeParse(req.path);
  if (!path.success)
    throw new IysError(issuesToErrors(path.error.issues, req.path, { fallbackCode: 'H405' }));
  const body = batchStatusBodySchemaFor(path.data.type).safeParse(req.body);
  if (!body.success) {
    throw new IysError(
      issuesToErrors(body.error.issues, req.body, { fallbackCode: 'H405', messages: STATUS_BODY_MESSAGES }),
    );
  }
  const list = await consents.approvedRecipients(
    { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
    path.data.recipientType,
    path.data.type,
    body.data.recipients,
  );
  return json(200, { requestId: randomUUID(), list });
});

export const handler = apiHandler(operation);
