import { defineSpec } from '../http/operation.js';
import { citizenConsentChange, recordedChange } from '../schemas/citizen.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'citizenConsentChange',
  method: 'POST',
  path: '/citizen/consents',
  summary: 'Alıcı: bir iznin durumunu değiştir (kaynak IYS_WEB; X-Channel: mobile ile IYS_MOBIL)',
  tag: 'ALICI',
  auth: 'citizen',
  body: citizenConsentChange,
  responses: {
    200: { description: 'Kaydedildi', schema: recordedChange },
    400: { description: 'H174 (durum zaten aynı)', schema: errorBody },
    401: { description: 'X042', schema: errorBody },
    404: { description: 'H001, H018, X044', schema: errorBody },
    422: { description: 'H110–H117, H464', schema: errorBody },
  },
});
