import { defineSpec } from '../http/operation.js';
import { checkpointResponse } from '../schemas/evidence.js';

export const spec = defineSpec({
  operationId: 'latestCheckpoint',
  method: 'GET',
  path: '/sps/{iysCode}/checkpoints/latest',
  summary: 'Son imzalı kontrol noktası',
  tag: 'EVIDENCE',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: {
    200: { description: 'Checkpoint', schema: checkpointResponse },
    204: { description: 'No checkpoint yet' },
  },
});
