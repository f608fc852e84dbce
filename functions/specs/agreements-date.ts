import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { agreementDateResponse } from '../schemas/reconciliation.js';

export const spec = defineSpec({
  operationId: 'agreementsDate',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/agreements/{reportDate}',
  summary: 'Mutabakat Bilgisi Sorgulama',
  tag: 'MUTABAKAT YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read', agreementControl: true },
  responses: {
    200: { description: 'İşlem Başarılı', schema: agreementDateResponse },
    204: { description: 'Değer bulunamadı.' },
    422: { description: 'H501, H502', schema: errorBody },
  },
});
