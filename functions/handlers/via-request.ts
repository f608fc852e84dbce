import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-request.js';
import { awsViaReads } from '../wiring/via-reads.js';

/** The composition root: ViA's reads and their AWS ports (no write path), built once per cold start. */
const via = awsViaReads();

export const operation = implement(spec, async (req) =>
  json(200, { message: await via.getRequest(req.codes.iysCode!, req.path.requestId ?? ''), code: 'OK' }),
);

export const handler = apiHandler(operation);
