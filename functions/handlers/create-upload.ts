import { clock } from '../adapters/clock.js';
import { presignUpload } from '../adapters/objects.js';
import { createUpload } from '../adapters/upload-store.js';
import { newUpload, UPLOAD_URL_SECONDS } from '../app/bulk.js';
import { MAX_UPLOAD_BYTES } from '../domain/bulk/rows.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/create-upload.js';

export const operation = implement(spec, async (req) => {
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
});

export const handler = apiHandler(operation);
