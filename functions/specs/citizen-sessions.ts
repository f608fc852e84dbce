import { defineSpec } from '../http/operation.js';
import { sessionBody, sessionResponse } from '../schemas/citizen.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'citizenSession',
  method: 'POST',
  path: '/citizen/sessions',
  summary: 'Alıcı: doğrulama kodu ile 15 dakikalık oturum aç',
  tag: 'ALICI',
  auth: 'none',
  body: sessionBody,
  responses: {
    200: { description: 'Oturum', schema: sessionResponse },
    401: {
      description: 'X040 (kod yanlış, süresi dolmuş, kullanılmış veya deneme hakkı bitmiş)',
      schema: errorBody,
    },
    429: { description: 'X041', schema: errorBody },
  },
});
