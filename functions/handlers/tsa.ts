import { timeStampAuthority } from '../adapters/certificates.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

/**
 * RFC 3161 over HTTP (RFC 3161 §3.4): `application/timestamp-query` in, `application/timestamp-reply` out.
 * Every well-typed request gets a TimeStampResp: granted with a token, or a rejection with its failure
 * bits (bad DER, unsupported hash, foreign policy, extensions). A wrong content type is 415 X004.
 */

export const operation = defineOperation({
  operationId: 'timeStamp',
  method: 'POST',
  path: '/tsa',
  summary: 'RFC 3161 zaman damgası (policy 1.3.6.1.4.1.99999.1.1)',
  tag: 'EVIDENCE',
  auth: 'none',
  responses: {
    200: { description: 'TimeStampResp (DER): granted, or rejection with failInfo' },
    415: { description: 'X004: Content-Type must be application/timestamp-query', schema: errorBody },
  },
  run: async (req) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/timestamp-query') throw IysError.of('X004');
    const tsq = req.rawBytes;
    const r = await (await timeStampAuthority()).respond(tsq);
    return {
      status: 200,
      raw: {
        contentType: 'application/timestamp-reply',
        data: Buffer.from(r.response).toString('base64'),
        isBase64: true,
      },
    };
  },
});

export const handler = apiHandler(operation);
