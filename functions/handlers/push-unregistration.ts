import { unregister } from '../app/push.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { parsePushBody, pushUnregistrationBody } from '../schemas/push.js';
import { spec } from '../specs/push-unregistration.js';

export const operation = implement(spec, async (req) => {
  const body = parsePushBody(pushUnregistrationBody, req.body);
  return json(200, await unregister({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! }, body));
});

export const handler = apiHandler(operation);
