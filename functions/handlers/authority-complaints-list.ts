import { clock } from '../adapters/clock.js';
import { listForAuthority } from '../app/authority.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/authority-complaints-list.js';

export const operation = implement(spec, async (req) =>
  json(200, await listForAuthority(req.identity!, req.query, req.requestId, clock.now())),
);

export const handler = apiHandler(operation);
