import { clock } from '../adapters/clock.js';
import { env } from '../adapters/env.js';
import { createToken } from '../app/identity.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/create-token.js';

export const operation = implement(spec, async (req) =>
  json(
    200,
    await createToken(req.body as Record<string, unknown>, {
      ip: req.sourceIp,
      clock,
      limitPerHour: env.tokenLimitPerHour(),
    }),
  ),
);

export const handler = apiHandler(operation);
