import { defineSpec } from '../http/operation.js';
import { consistencyQuery, consistencyResponse } from '../schemas/evidence.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
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
});
