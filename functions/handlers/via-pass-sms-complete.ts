import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-pass-sms-complete.js';
import { awsViaPass } from '../wiring/via-pass.js';

/** The composition root: the ViA PASS use cases and their AWS ports, built once per cold start. */
const viaPass = awsViaPass();

export const operation = implement(spec, async (req) => {
  await viaPass.complete('SMS', req.body, { identity: req.identity!, ip: req.sourceIp });
  return json(200, { message: 'SMS OTP işlemi başarıyla tamamlandı.' }, { trace_id: req.requestId });
});

export const handler = apiHandler(operation);
