import { clock } from '../adapters/clock.js';
import { presignReport } from '../adapters/objects.js';
import { getUpload } from '../adapters/upload-store.js';
import { ownedUpload, REPORT_URL_SECONDS, viewOf } from '../app/bulk.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { uploadStatus } from '../schemas/bulk.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
  operationId: 'getBulkUpload',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/uploads/{uploadId}',
  summary:
    'Toplu izin dosyasının durumu: satır sayaçları, hata kodlarına göre dağılım ve bittiğinde 5 dakika geçerli hata raporu adresi.',
  tag: 'TOPLU DOSYA',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: {
    200: { description: 'Durum', schema: uploadStatus },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353', schema: errorBody },
    404: { description: 'X060, H001, H018', schema: errorBody },
  },
  run: async (req) => {
    const t = { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! };
    const uploadId = req.path.uploadId ?? '';
    const u = ownedUpload(
      /^[0-9a-f-]{36}$/.test(uploadId) ? await getUpload(uploadId) : undefined,
      t,
      uploadId,
    );
    const view = viewOf(u);
    if (u.reportKey) {
      view.reportUrl = await presignReport(u.reportKey, REPORT_URL_SECONDS, `${u.uploadId}-rapor.csv`);
      view.reportExpiresAt = new Date(clock.now().getTime() + REPORT_URL_SECONDS * 1000).toISOString();
    }
    return json(200, view);
  },
});

export const handler = apiHandler(operation);
