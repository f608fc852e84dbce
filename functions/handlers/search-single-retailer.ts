import { parseRetailerCode } from '../domain/retailers.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/search-single-retailer.js';
import { awsRetailers } from '../wiring/retailers.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const retailers = awsRetailers();

export const operation = implement(spec, async (req) => {
  const code = parseRetailerCode(req.path.retailerCode);
  return json(
    200,
    await retailers.searchSingleRetailer(
      { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
      code,
    ),
  );
});

export const handler = apiHandler(operation);
