import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-kvk-search.js';
import { awsViaReads } from '../wiring/via-reads.js';

/** The composition root: ViA's reads and their AWS ports (no write path), built once per cold start. */
const via = awsViaReads();

export const operation = implement(spec, async (req) =>
  json(200, { message: await via.searchKvk(req.codes.iysCode!, req.body as never), code: 'OK' }),
);

export const handler = apiHandler(operation);
