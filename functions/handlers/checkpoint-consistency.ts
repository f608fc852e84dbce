import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/checkpoint-consistency.js';
import { awsConsistencyProofs } from '../wiring/evidence-log.js';

/** RFC 9162 §2.1.4 consistency proof between two sizes of the sealed log (1 ≤ from ≤ to ≤ sealed size). */

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const proofs = awsConsistencyProofs();

export const operation = implement(spec, async (req) => {
  const r = await proofs.consistency(req.codes.iysCode!, req.query.from, req.query.to);
  if (!r) throw IysError.of('X008', { location: ['to'], value: req.query.to });
  return json(200, r);
});

export const handler = apiHandler(operation);
