import { type CompleteBody, checkCompleteBody } from '../domain/via/pass.js';
import { defineSpec } from '../http/operation.js';
import { completeBody, messageAnswer, passRefusal } from '../schemas/via-pass.js';

export const spec = defineSpec<CompleteBody>({
  operationId: 'smsComplete',
  method: 'POST',
  path: '/otp-management/api/v1/sms/complete',
  summary: 'SMS OTP ile işlem tamamlama (3 dakikada en fazla 3 deneme; 4. deneme doğru olsa da reddedilir)',
  tag: 'ViA PASS',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write' },
  errorShape: 'viaPass',
  body: completeBody,
  checkBody: checkCompleteBody,
  responses: {
    200: { description: 'Doğrulama tamamlandı', schema: messageAnswer },
    400: passRefusal('ERR-VLD-001, ERR-SYS-0001, ERR-SYS-0007 (H1050, H1051, H1052, H1110)'),
    401: passRefusal('ERR-SYS-0006'),
    403: passRefusal('ERR-SYS-0005'),
    404: passRefusal('OTP-ERROR-001, ERR-SYS-0007 (H1113)'),
    429: passRefusal('ERR-SYS-0007 (H083, H124), Retry-After'),
    500: passRefusal('ERR-SYS-0004'),
  },
});
