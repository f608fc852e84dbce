import { changeSummary, checkReportDate } from '../app/daily.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { changeSummaryResponse, recipientTypeParam } from '../schemas/reconciliation.js';

/**
 * changeSummary: the day's movement counts per channel and source group (HS = sent by the provider, IYS =
 * made by recipients). approval counts ONAY movements, rejection RET movements (a first RET is refused, so
 * every RET is ONAY→RET), pending is 0 (batches are applied before their movements exist).
 */
export const operation = defineOperation({
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
  run: async (req) => {
    const date = checkReportDate(req.path.reportDate);
    const rt = recipientTypeParam.safeParse(req.path.recipientType);
    if (!rt.success)
      throw IysError.of('H116', { location: ['recipientType'], value: req.path.recipientType });
    return json(200, await changeSummary(req.codes.iysCode!, req.codes.brandCode!, date, rt.data));
  },
});

export const handler = apiHandler(operation);
