import { clock } from '../adapters/clock.js';
import { presignReport } from '../adapters/objects.js';
import { getUpload } from '../adapters/upload-store.js';
import { ownedUpload, REPORT_URL_SECONDS, viewOf } from '../app/bulk.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/get-upload.js';

export const operation = implement(spec, async (req) => {
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
});

export const handler = apiHandler(operation);
