import { latest } from '../app/evidence-log.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { checkpointResponse } from '../schemas/evidence.js';

/** The provider's latest signed checkpoint (204 before the first one). */
export const operation = defineOperation({
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
  run: async (req) => {
    const cp = await latest(req.codes.iysCode!);
    return cp ? json(200, cp) : json(204);
  },
});

export const handler = apiHandler(operation);
