import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/consents-history.js';
import { awsConsents } from '../wiring/consents.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const consents = awsConsents();

export const operation = implement(spec, async (req) =>
  json(
    200,
    await consents.consentHistory(
      { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
      req.body,
      {
        limit: req.query.limit ?? 100,
        offset: req.query.offset ?? 0,
      },
    ),
  ),
);

export const handler = apiHandler(operation);
