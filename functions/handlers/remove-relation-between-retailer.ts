import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { ACCESS_ACCEPTED } from '../schemas/retailers.js';
import { spec } from '../specs/remove-relation-between-retailer.js';
import { awsRetailers } from '../wiring/retailers.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const retailers = awsRetailers();

export const operation = implement(spec, async (req) => {
  await retailers.changeManyConsents(
    { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
    req.body,
    { kind: 'remove', codes: req.body.retailerAccess },
  );
  return json(202, ACCESS_ACCEPTED);
});

export const handler = apiHandler(operation);
