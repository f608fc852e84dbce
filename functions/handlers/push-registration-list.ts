import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/push-registration-list.js';
import { awsPush } from '../wiring/push.js';

/** The composition root: the push use cases and their AWS ports, built once per cold start. */
const push = awsPush();

export const operation = implement(spec, async (req) =>
  json(200, await push.connections({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! })),
);

export const handler = apiHandler(operation);
