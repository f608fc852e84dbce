import { apiHandler } from '../http/api-handler.js';
import { baseUrl } from '../http/base-url.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-pass-sms-start.js';
import { awsViaPass } from '../wiring/via-pass.js';

/** The composition root: the ViA PASS use cases and their AWS ports, built once per cold start. */
const viaPass = awsViaPass();

export const operation = implement(spec, async (req) => {
  const { phoneNumber: address, templateId, vkn } = req.body;
  const r = await viaPass.start(
    req.codes.iysCode!,
    'SMS',
    'OTP',
    { address, templateId, vkn },
    { identity: req.identity!, ip: req.sourceIp },
    baseUrl(req.headers),
  );
  return json(
    200,
    { data: { requestId: r.requestId }, message: 'SMS OTP doğrulama süreci başarıyla başlatıldı.' },
    { trace_id: req.requestId },
  );
});

export const handler = apiHandler(operation);
