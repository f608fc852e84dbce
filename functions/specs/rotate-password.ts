import { defineSpec } from '../http/operation.js';
import { passwordBody } from '../schemas/applications.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'rotatePassword',
  method: 'POST',
  path: '/sps/{iysCode}/users/{username}/password',
  summary: 'Kullanıcının şifresini değiştir.',
  tag: 'BAŞVURU VE YÖNETİM',
  auth: 'bearer',
  rights: { actors: ['HS', 'OPERATOR'], mode: 'write' },
  body: passwordBody,
  responses: {
    200: { description: 'Şifre değişti' },
    400: { description: 'H363', schema: errorBody },
    403: { description: 'H353', schema: errorBody },
    404: { description: 'H031', schema: errorBody },
    422: { description: 'X030', schema: errorBody },
  },
});
