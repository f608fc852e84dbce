import { defineSpec } from '../http/operation.js';
import { uploadRequest, uploadTarget } from '../schemas/bulk.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'createBulkUpload',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/uploads',
  summary:
    'Toplu izin dosyası yükleme: dosyanın boyutu için 15 dakika geçerli, yalnız bu yüklemeye ait bir PUT adresi verir (CSV, JSON Lines veya Excel .xlsx, en fazla 5 GB).',
  tag: 'TOPLU DOSYA',
  auth: 'bearer',
  // A file may hold every channel: an integrator needs write rights on all three.
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write', channelsFrom: () => ['ARAMA', 'MESAJ', 'EPOSTA'] },
  body: uploadRequest,
  bodyErrorCode: 'X008',
  responses: {
    201: { description: 'Yükleme adresi', schema: uploadTarget },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353', schema: errorBody },
    404: { description: 'H001, H018', schema: errorBody },
    422: { description: 'X008, X061', schema: errorBody },
  },
});
