import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/via-pass-clarification-file.js';
import { awsViaPass } from '../wiring/via-pass.js';

/** The composition root: the ViA PASS use cases and their AWS ports, built once per cold start. */
const viaPass = awsViaPass();

export const operation = implement(spec, async (req) => {
  const requestId = req.path.requestId ?? '';
  const zip = await viaPass.clarificationFile(req.codes.iysCode!, requestId, req.identity!);
  return {
    status: 200,
    headers: {
      trace_id: req.requestId,
      'content-disposition': `attachment; filename="via-pass-${requestId.replace(/[^0-9a-f-]/g, '')}.zip"`,
    },
    raw: { contentType: 'application/zip', data: Buffer.from(zip).toString('base64'), isBase64: true },
  };
});

export const handler = apiHandler(operation);
