import { clock } from '../adapters/clock.js';
import { requestCode } from '../app/citizens.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { verificationBody } from '../schemas/citizen.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
  operationId: 'citizenVerification',
  method: 'POST',
  path: '/citizen/verifications',
  summary: 'Alıcı: adrese tek kullanımlık doğrulama kodu gönder (3 dakika geçerli, 3 deneme)',
  tag: 'ALICI',
  auth: 'none',
  body: verificationBody,
  responses: {
    202: { description: 'Kod gönderildi (adreste izin olup olmadığı söylenmez)' },
    422: { description: 'H114, H120, H121, H160', schema: errorBody },
    429: { description: 'X041', schema: errorBody },
  },
  run: async (req) => {
    const r = await requestCode(req.body.recipient, req.sourceIp, clock.now());
    return json(202, { message: 'Doğrulama kodu gönderildi.', expiresInSeconds: r.expiresInSeconds });
  },
});

export const handler = apiHandler(operation);
