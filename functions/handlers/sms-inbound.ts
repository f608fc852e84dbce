import { createHmac, timingSafeEqual } from 'node:crypto';
import { required } from '../adapters/env.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/sms-inbound.js';
import { awsSms } from '../wiring/sms.js';

/** The composition root: the inbound SMS use case and its AWS ports, built once per cold start. */
const sms = awsSms();

/** X-Signature: lower-case hex HMAC-SHA-256 of the raw body under IYS_SMS_WEBHOOK_SECRET (api.md). */
function signatureOk(raw: string, header: string | undefined): boolean {
  if (!header || !/^[0-9a-f]{64}$/.test(header)) return false;
  const want = createHmac('sha256', required('IYS_SMS_WEBHOOK_SECRET')).update(raw, 'utf8').digest();
  return timingSafeEqual(want, Buffer.from(header, 'hex'));
}

export const operation = implement(
  spec,
  async (req) => json(200, await sms.inboundSms(req.body, req.rawBody)),
  {
    // The signature is checked before the body is validated: an unsigned caller learns nothing of its rules.
    verifyCaller: (req) => {
      if (!signatureOk(req.rawBody, req.headers['x-signature'])) throw IysError.of('X046');
    },
  },
);

export const handler = apiHandler(operation);
