import { consentStatus } from '../app/consents.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/consent-detail.js';

export const operation = implement(spec, async (req) =>
  json(200, await consentStatus({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! }, req.body)),
);

export const handler = apiHandler(operation);
