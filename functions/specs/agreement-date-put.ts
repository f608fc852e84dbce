import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { agreementCaptured, agreementPutBody } from '../schemas/reconciliation.js';

export const spec = defineSpec({
  operationId: 'agreementDatePut',
  method: 'PUT',
  path: '/sps/{iysCode}/brands/{brandCode}/agreements/{reportDate}',
  summary: 'Mutabakat Bilgisi Kaydetme',
  tag: 'MUTABAKAT YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read', agreementControl: true },
  body: agreementPutBody,
  bodyErrorCode: 'H512',
  responses: {
    200: { description: 'İşlem Başarılı', schema: agreementCaptured },
    204: { description: 'Değer bulunamadı.' },
    422: { description: 'H501, H502, H512', schema: errorBody },
  },
});
