import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/search-retailers-of-one-consent.js';
import { awsRetailers } from '../wiring/retailers.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const retailers = awsRetailers();

export const operation = implement(spec, async (req) =>
  json(
    200,
    await retailers.retailersOfConsent(
      { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
      req.body,
      req.query,
    ),
  ),
);

export const handler = apiHandler(operation);
