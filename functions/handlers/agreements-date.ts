import { checkReportDate, manifest } from '../app/daily.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { agreementDateResponse } from '../schemas/reconciliation.js';

/** agreementsDate: the SHA-384 of the day's file (lower-case hex) and whether the provider agreed; 204 without a file. */
export const operation = defineOperation({
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
  run: async (req) => {
    const date = checkReportDate(req.path.reportDate);
    const m = await manifest(req.codes.iysCode!, req.codes.brandCode!, date);
    if (!m) return json(204);
    return json(200, {
      processStatus: 'completed',
      hashValue: m.files.changes.sha384,
      hashMethod: 'SHA384',
      agreementStatus: m.agreementStatus === true,
    });
  },
});

export const handler = apiHandler(operation);
