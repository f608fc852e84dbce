import { setAgreement } from '../adapters/evidence-store.js';
import { checkReportDate } from '../app/daily.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { agreementCaptured, agreementPutBody } from '../schemas/reconciliation.js';

/** agreementDatePut: records the provider's agreement with the day's file; only `true` (H512); 204 without a file. */
export const operation = defineOperation({
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
  run: async (req) => {
    const date = checkReportDate(req.path.reportDate);
    const ok = await setAgreement(req.codes.iysCode!, req.codes.brandCode!, date);
    return ok ? json(200, { agreementCaptured: true }) : json(204);
  },
});

export const handler = apiHandler(operation);
