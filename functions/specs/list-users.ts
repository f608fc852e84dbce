import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'listUsers',
  method: 'GET',
  path: '/sps/{iysCode}/users',
  summary: 'Hizmet sağlayıcının API kullanıcıları.',
  tag: 'BAŞVURU VE YÖNETİM',
  auth: 'bearer',
  rights: { actors: ['HS', 'OPERATOR'] },
  responses: {
    200: { description: 'Kullanıcılar' },
    400: { description: 'H363', schema: errorBody },
    403: { description: 'H353', schema: errorBody },
  },
});
