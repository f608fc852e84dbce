import { unregister } from '../app/push.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/push-unregistration.js';

export const operation = implement(spec, async (req) =>
  json(200, await unregister({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! }, req.body)),
);

export const handler = apiHandler(operation);
