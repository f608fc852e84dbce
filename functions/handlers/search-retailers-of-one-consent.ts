import { retailersOfConsent } from '../app/retailers.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/search-retailers-of-one-consent.js';

export const operation = implement(spec, async (req) =>
  json(
    200,
    await retailersOfConsent(
      { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
      req.body,
      req.query,
    ),
  ),
);

export const handler = apiHandler(operation);
