import { clock } from '../adapters/clock.js';
import { register } from '../app/push.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/push-registration.js';

export const operation = implement(spec, async (req) =>
  json(
    200,
    await register(
      { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
      req.body.connection,
      clock.now(),
    ),
  ),
);

export const handler = apiHandler(operation);
