import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/via-evidence-file.js';
import { awsViaReads } from '../wiring/via-reads.js';

/** The composition root: ViA's reads and their AWS ports (no write path), built once per cold start. */
const via = awsViaReads();

export const operation = implement(spec, async (req) => {
  const f = await via.evidenceFile(req.codes.iysCode!, req.path.requestId ?? '');
  return {
    status: 200,
    headers: { 'content-disposition': `attachment; filename="${f.fileName}"` },
    raw: { contentType: 'application/zip', data: Buffer.from(f.zip).toString('base64'), isBase64: true },
  };
});

export const handler = apiHandler(operation);
