import { consentHistory } from '../app/consents.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/consents-history.js';

export const operation = implement(spec, async (req) =>
  json(
    200,
    await consentHistory({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! }, req.body, {
      limit: req.query.limit ?? 100,
      offset: req.query.offset ?? 0,
    }),
  ),
);

export const handler = apiHandler(operation);
