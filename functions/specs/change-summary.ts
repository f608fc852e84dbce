import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { changeSummaryResponse } from '../schemas/reconciliation.js';

export const spec = defineSpec({
  operationId: 'changeSummary',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/recipients/{recipientType}',
  summary: 'Mutabakat Özeti Sorgulama',
  tag: 'MUTABAKAT YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read', agreementControl: true },
  responses: {
    200: { description: 'İşlem Başarılı', schema: changeSummaryResponse },
    422: { description: 'H501, H502, H116', schema: errorBody },
  },
});
