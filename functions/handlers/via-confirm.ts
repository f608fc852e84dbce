import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-confirm.js';
import { awsVia } from '../wiring/via.js';

/** The composition root: the ViA use cases and their AWS ports, built once per cold start. */
const via = awsVia();

export const operation = implement(spec, async (req) => {
  const r = await via.confirm(req.codes.iysCode!, req.body as never, { actor: req.identity!.username });
  return json(200, { message: r.consents, code: 'OK' });
});

export const handler = apiHandler(operation);
