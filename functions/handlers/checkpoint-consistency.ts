import { consistency } from '../app/evidence-log.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/checkpoint-consistency.js';

/** RFC 9162 §2.1.4 consistency proof between two sizes of the sealed log (1 ≤ from ≤ to ≤ sealed size). */

export const operation = implement(spec, async (req) => {
  const r = await consistency(req.codes.iysCode!, req.query.from, req.query.to);
  if (!r) throw IysError.of('X008', { location: ['to'], value: req.query.to });
  return json(200, r);
});

export const handler = apiHandler(operation);
