import { defineSpec } from '../http/operation.js';
import { rejectBody } from '../schemas/applications.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'rejectApplication',
  method: 'POST',
  path: '/applications/{applicationId}/reject',
  summary: 'Başvuruyu gerekçesiyle reddet (OPERATOR); belgeler silinir, başvurana bildirilir.',
  tag: 'BAŞVURU VE YÖNETİM',
  auth: 'bearer',
  rights: { actors: ['OPERATOR'] },
  body: rejectBody,
  responses: {
    200: { description: 'Reddedildi' },
    400: { description: 'H363', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    404: { description: 'X023', schema: errorBody },
    409: { description: 'X024', schema: errorBody },
    422: { description: 'X007, X008 (reason)', schema: errorBody },
  },
});
