import { clock } from '../adapters/clock.js';
import { updateForAuthority } from '../app/authority.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/authority-complaints-update.js';

export const operation = implement(spec, async (req) =>
  json(
    200,
    await updateForAuthority(req.identity!, req.path.complaintId ?? '', req.body, req.requestId, clock.now()),
  ),
);

export const handler = apiHandler(operation);
