import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-pass-subscription.js';
import { awsViaPass } from '../wiring/via-pass.js';

/** The composition root: the ViA PASS use cases and their AWS ports, built once per cold start. */
const viaPass = awsViaPass();

export const operation = implement(spec, async (req) =>
  json(200, await viaPass.subscription(req.codes.iysCode!), { trace_id: req.requestId }),
);

export const handler = apiHandler(operation);
