import { rotatePassword } from '../app/admin.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/rotate-password.js';

export const operation = implement(spec, async (req) =>
  json(200, await rotatePassword(req.codes.iysCode!, req.path.username ?? '', req.body.password)),
);

export const handler = apiHandler(operation);
