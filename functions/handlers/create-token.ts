import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/create-token.js';
import { awsTokens } from '../wiring/identity.js';

/** The composition root: the token use cases and their AWS ports, built once per cold start. */
const tokens = awsTokens();

export const operation = implement(spec, async (req) =>
  json(200, await tokens.createToken(req.body as Record<string, unknown>, req.sourceIp)),
);

export const handler = apiHandler(operation);
