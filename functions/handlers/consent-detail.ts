import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/consent-detail.js';
import { awsConsents } from '../wiring/consents.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const consents = awsConsents();

export const operation = implement(spec, async (req) =>
  json(
    200,
    await consents.consentStatus({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! }, req.body),
  ),
);

export const handler = apiHandler(operation);
