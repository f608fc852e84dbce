import { clock } from '../adapters/clock.js';
import { addRetailers } from '../app/retailers.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/add-retailers.js';

export const operation = implement(spec, async (req) =>
  json(
    200,
    await addRetailers(
      { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
      req.body,
      clock.now(),
    ),
  ),
);

export const handler = apiHandler(operation);
