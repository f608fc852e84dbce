import { defineSpec } from '../http/operation.js';
import { callCentreBody, recordedChange } from '../schemas/citizen.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'callCentreConsent',
  method: 'POST',
  path: '/channels/call-centre/consents',
  summary: 'Çağrı merkezi temsilcisi: alıcı adına izin değişikliği (kaynak IYS_CM)',
  tag: 'KANALLAR',
  auth: 'bearer',
  rights: { actors: ['CALL_CENTRE'] },
  body: callCentreBody,
  responses: {
    200: { description: 'Kaydedildi', schema: recordedChange },
    403: { description: 'H363', schema: errorBody },
    404: { description: 'H001, H018, X044', schema: errorBody },
    422: { description: 'H110–H121, H464', schema: errorBody },
  },
});
