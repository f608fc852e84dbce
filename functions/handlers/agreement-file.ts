import { dailyDownload } from '../app/daily-http.js';

import { apiHandler } from '../http/api-handler.js';
import { defineOperation } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

/** agreementFile: the day's movement CSV (columns and order of iys-reference §7.11). */
export const operation = defineOperation({
  operationId: 'agreementFile',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/file',
  summary: 'Günlük İzin Hareket Dosyası İndirme',
  tag: 'MUTABAKAT YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read', agreementControl: true },
  responses: {
    200: { description: 'İşlem Başarılı' },
    204: { description: 'Dosya bulunamadı.' },
    302: { description: 'Büyük dosya: kısa ömürlü indirme bağlantısı (Location)' },
    422: { description: 'H501, H502', schema: errorBody },
  },
  run: async (req) => {
    return dailyDownload(req.codes, req.path.reportDate, 'changes', 'csv');
  },
});

export const handler = apiHandler(operation);
