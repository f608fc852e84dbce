import { defineSpec } from '../http/operation.js';
import { createUserBody } from '../schemas/applications.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'createUser',
  method: 'POST',
  path: '/sps/{iysCode}/users',
  summary: 'Yeni API kullanıcısı.',
  tag: 'BAŞVURU VE YÖNETİM',
  auth: 'bearer',
  rights: { actors: ['HS', 'OPERATOR'], mode: 'write' },
  body: createUserBody,
  responses: {
    201: { description: 'Kullanıcı yaratıldı' },
    400: { description: 'H363', schema: errorBody },
    403: { description: 'H353, H520, H521, H524, H586', schema: errorBody },
    409: { description: 'X027', schema: errorBody },
    422: { description: 'X008, X030', schema: errorBody },
  },
});
