import { clock } from '../adapters/clock.js';
import { presignUpload } from '../adapters/objects.js';
import { createUpload } from '../adapters/upload-store.js';
import { newUpload, UPLOAD_URL_SECONDS } from '../app/bulk.js';
import { MAX_UPLOAD_BYTES } from '../domain/bulk/rows.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { uploadRequest, uploadTarget } from '../schemas/bulk.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
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
  run: async (req) => {
    const now = clock.now();
    const u = newUpload({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! }, req.body, now);
    await createUpload(u);
    const contentType = {
      csv: 'text/csv',
      jsonl: 'application/x-ndjson',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    }[u.format];
    const signed = await presignUpload(u.key, u.sizeBytes, contentType, UPLOAD_URL_SECONDS);
    return json(201, {
      uploadId: u.uploadId,
      method: 'PUT',
      url: signed.url,
      headers: signed.headers,
      expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
      maxBytes: Math.min(u.sizeBytes, MAX_UPLOAD_BYTES),
    });
  },
});

export const handler = apiHandler(operation);
