import { clock } from '../adapters/clock.js';
import { createRetailer } from '../app/retailers.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/create-retailer.js';

export const operation = implement(spec, async (req) => {
  const retailerCode = await createRetailer(
    { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
    req.body,
    clock.now(),
  );
  return json(201, { retailerCode });
});

export const handler = apiHandler(operation);
