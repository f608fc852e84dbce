import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/create-retailer.js';
import { awsRetailers } from '../wiring/retailers.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const retailers = awsRetailers();

export const operation = implement(spec, async (req) => {
  const retailerCode = await retailers.createRetailer(
    { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
    req.body,
  );
  return json(201, { retailerCode });
});

export const handler = apiHandler(operation);
