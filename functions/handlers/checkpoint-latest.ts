import { latest } from '../app/evidence-log.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/checkpoint-latest.js';

/** The provider's latest signed checkpoint (204 before the first one). */

export const operation = implement(spec, async (req) => {
  const cp = await latest(req.codes.iysCode!);
  return cp ? json(200, cp) : json(204);
});

export const handler = apiHandler(operation);
