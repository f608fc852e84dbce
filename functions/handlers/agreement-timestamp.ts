import { dailyDownload } from '../app/daily-http.js';

import { apiHandler } from '../http/api-handler.js';
import { defineOperation } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

/** agreementTimeStamp: the RFC 3161 response (.tsr) over the SHA-384 of the day's file. */
export const operation = defineOperation({
  operationId: 'agreementTimeStamp',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/agreements/{reportDate}/timestamp',
  summary: 'Zaman Damgası Özet Dosyası İndirme',
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
    return dailyDownload(req.codes, req.path.reportDate, 'changes', 'tsr');
  },
});

export const handler = apiHandler(operation);
