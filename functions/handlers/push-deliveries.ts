import { deliveries } from '../app/push.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/push-deliveries.js';

export const operation = implement(spec, async (req) =>
  json(200, await deliveries({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! })),
);

export const handler = apiHandler(operation);
