import { timeStampAuthority } from '../adapters/certificates.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/tsa.js';

/**
 * RFC 3161 over HTTP (RFC 3161 §3.4): `application/timestamp-query` in, `application/timestamp-reply` out.
 * Every well-typed request gets a TimeStampResp: granted with a token, or a rejection with its failure
 * bits (bad DER, unsupported hash, foreign policy, extensions). A wrong content type is 415 X004.
 */

export const operation = implement(spec, async (req) => {
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
});

export const handler = apiHandler(operation);
