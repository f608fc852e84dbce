import { defineSpec } from '../http/operation.js';
import { uploadStatus } from '../schemas/bulk.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
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
});
