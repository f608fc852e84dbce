import { clock } from '../adapters/clock.js';
import { changeOwnConsent } from '../app/citizens.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { citizenConsentChange, recordedChange } from '../schemas/citizen.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
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
  run: async (req) => {
    const source = req.headers['x-channel']?.toLowerCase() === 'mobile' ? 'IYS_MOBIL' : 'IYS_WEB';
    const r = await changeOwnConsent(req.citizen!, req.body, source, clock.now());
    return json(200, { transactionId: r.transactionId, creationDate: r.creationDate });
  },
});

export const handler = apiHandler(operation);
