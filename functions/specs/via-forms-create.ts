import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { viaForm, viaFormBody } from '../schemas/via.js';

export const spec = defineSpec({
  operationId: 'createViaForm',
  method: 'POST',
  path: '/via/sps/{iysCode}/forms',
  summary:
    'VİA formu oluştur (tür OTP | SHORTURL | APPROVALURL, başlıklar ETK/KVK, aydınlatma metni) [uzantı]',
  tag: 'İLETİ ViA',
  auth: 'bearer',
  rights: { actors: ['HS'], mode: 'write' },
  body: viaFormBody,
  responses: {
    200: { description: 'Oluşan form (formId)', schema: viaForm },
    422: { description: 'X008, X049, H118', schema: errorBody },
  },
});
