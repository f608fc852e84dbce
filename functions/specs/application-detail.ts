import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'applicationDetail',
  method: 'GET',
  path: '/applications/{applicationId}',
  summary: 'Bir başvuru ve belgelerinin durumu (OPERATOR): hangi belge eksik veya kabul edilemez.',
  tag: 'BAŞVURU VE YÖNETİM',
  auth: 'bearer',
  rights: { actors: ['OPERATOR'] },
  responses: {
    200: { description: 'Başvuru' },
    400: { description: 'H363', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    404: { description: 'X023', schema: errorBody },
  },
});
