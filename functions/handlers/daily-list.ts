import { dailyDownload, listName } from '../app/daily-http.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

/** The day's approvals (ONAY) or rejections (RET) list, same columns as the day file. */
export const operation = defineOperation({
  operationId: 'dailyList',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/lists/{list}',
  summary: 'Günlük onay / ret listesi (CSV)',
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
    const list = listName(req.path.list);
    if (!list) throw IysError.of('X002', { location: ['list'], value: req.path.list });
    return dailyDownload(req.codes, req.path.reportDate, list, 'csv');
  },
});

export const handler = apiHandler(operation);
