import { clock } from '../adapters/clock.js';
import { requestCode } from '../app/citizens.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/citizen-verifications.js';

export const operation = implement(spec, async (req) => {
  const r = await requestCode(req.body.recipient, req.sourceIp, clock.now());
  return json(202, { message: 'Doğrulama kodu gönderildi.', expiresInSeconds: r.expiresInSeconds });
});

export const handler = apiHandler(operation);
