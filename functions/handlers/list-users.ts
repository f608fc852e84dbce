import { listUsers } from '../app/admin.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
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
  run: async (req) => json(200, await listUsers(req.codes.iysCode!)),
});

export const handler = apiHandler(operation);
