import { clock } from '../adapters/clock.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/citizen-verifications.js';
import { awsCitizens } from '../wiring/citizens.js';

/** The composition root: the recipient use cases and their AWS ports, built once per cold start. */
const citizens = awsCitizens();

export const operation = implement(spec, async (req) => {
  const r = await citizens.requestCode(req.body.recipient, req.sourceIp, clock.now());
  return json(202, { message: 'Doğrulama kodu gönderildi.', expiresInSeconds: r.expiresInSeconds });
});

export const handler = apiHandler(operation);
