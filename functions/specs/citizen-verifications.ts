import { defineSpec } from '../http/operation.js';
import { verificationBody } from '../schemas/citizen.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
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
});
