import { clock } from '../adapters/clock.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/citizen-sessions.js';
import { awsCitizens } from '../wiring/citizens.js';

/** The composition root: the recipient use cases and their AWS ports, built once per cold start. */
const citizens = awsCitizens();

export const operation = implement(spec, async (req) =>
  json(200, await citizens.openSession(req.body.recipient, req.body.code, req.sourceIp, clock.now())),
);

export const handler = apiHandler(operation);
