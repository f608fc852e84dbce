import { listUploads } from '../adapters/upload-store.js';
import { viewOf } from '../app/bulk.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/list-uploads.js';

export const operation = implement(spec, async (req) => {
  const uploads = await listUploads(req.codes.iysCode!, req.codes.brandCode!, req.query.limit ?? 20);
  return json(200, { list: uploads.map(viewOf) });
});

export const handler = apiHandler(operation);
