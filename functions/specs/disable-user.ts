import { defineSpec } from '../http/operation.js';
import { userStateBody } from '../schemas/applications.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'setUserState',
  method: 'PATCH',
  path: '/sps/{iysCode}/users/{username}',
  summary: 'Kullanıcıyı devre dışı bırak ({"disabled":true}) veya yeniden etkinleştir.',
  tag: 'BAŞVURU VE YÖNETİM',
  auth: 'bearer',
  rights: { actors: ['HS', 'OPERATOR'], mode: 'write' },
  body: userStateBody,
  responses: {
    200: { description: 'Durum değişti' },
    400: { description: 'H363', schema: errorBody },
    403: { description: 'H353', schema: errorBody },
    404: { description: 'H031', schema: errorBody },
    422: { description: 'X008 (the state is not valid)', schema: errorBody },
  },
});
