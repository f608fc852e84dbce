import { apiHandler } from '../http/api-handler.js';
import { baseUrl } from '../http/base-url.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-start.js';
import { awsVia } from '../wiring/via.js';

/** The composition root: the ViA use cases and their AWS ports, built once per cold start. */
const via = awsVia();

export const operation = implement(spec, async (req) => {
  const r = await via.start(req.codes.iysCode!, req.body as never, {
    actor: req.identity!.username,
    baseUrl: baseUrl(req.headers),
  });
  return json(200, { message: { requestId: r.requestId }, code: 'OK' });
});

export const handler = apiHandler(operation);
