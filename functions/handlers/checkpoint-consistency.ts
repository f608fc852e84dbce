import { consistency } from '../app/evidence-log.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { consistencyQuery, consistencyResponse } from '../schemas/evidence.js';
import { errorBody } from '../schemas/identity.js';

/** RFC 9162 §2.1.4 consistency proof between two sizes of the sealed log (1 ≤ from ≤ to ≤ sealed size). */
export const operation = defineOperation({
  operationId: 'checkpointConsistency',
  method: 'GET',
  path: '/sps/{iysCode}/checkpoints/consistency',
  summary: 'İki kontrol noktası arasında tutarlılık kanıtı',
  tag: 'EVIDENCE',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  query: consistencyQuery,
  queryErrorCode: 'X008',
  responses: {
    200: { description: 'Proof', schema: consistencyResponse },
    422: { description: 'X008: sizes out of range', schema: errorBody },
  },
  run: async (req) => {
    const r = await consistency(req.codes.iysCode!, req.query.from, req.query.to);
    if (!r) throw IysError.of('X008', { location: ['to'], value: req.query.to });
    return json(200, r);
  },
});

export const handler = apiHandler(operation);
