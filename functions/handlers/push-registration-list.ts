import { connections } from '../app/push.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/push-registration-list.js';

export const operation = implement(spec, async (req) =>
  json(200, await connections({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! })),
);

export const handler = apiHandler(operation);
