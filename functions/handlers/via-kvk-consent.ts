import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-kvk-consent.js';
import { awsVia } from '../wiring/via.js';

/** The composition root: the ViA use cases and their AWS ports, built once per cold start. */
const via = awsVia();

export const operation = implement(spec, async (req) =>
  json(200, { message: await via.kvkConsents(req.codes.iysCode!, req.path.requestId ?? ''), code: 'OK' }),
);

export const handler = apiHandler(operation);
