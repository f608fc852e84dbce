import { defineSpec } from '../http/operation.js';
import { citizenConsentList } from '../schemas/citizen.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'citizenConsents',
  method: 'GET',
  path: '/citizen/consents',
  summary: 'Alıcı: doğrulanmış adres için tüm hizmet sağlayıcı ve markalardaki izinler',
  tag: 'ALICI',
  auth: 'citizen',
  responses: {
    200: { description: 'İzinler', schema: citizenConsentList },
    401: { description: 'X042', schema: errorBody },
  },
});
