import { clock } from '../adapters/clock.js';
import { openSession } from '../app/citizens.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/citizen-sessions.js';

export const operation = implement(spec, async (req) =>
  json(200, await openSession(req.body.recipient, req.body.code, req.sourceIp, clock.now())),
);

export const handler = apiHandler(operation);
