import { setUserDisabled } from '../app/admin.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/disable-user.js';

export const operation = implement(spec, async (req) =>
  json(
    200,
    await setUserDisabled(req.codes.iysCode!, req.path.username ?? '', req.body.disabled, req.identity!),
  ),
);

export const handler = apiHandler(operation);
