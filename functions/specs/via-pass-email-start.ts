import { checkEmailStartBody, type EmailStartBody } from '../domain/via/pass.js';
import { defineSpec } from '../http/operation.js';
import { emailStartBody, passRefusal, startAnswer } from '../schemas/via-pass.js';

export const spec = defineSpec<EmailStartBody>({
  operationId: 'emailStart',
  method: 'POST',
  path: '/otp-management/api/v1/{iysCode}/email/start',
  summary: 'E-posta OTP ile işlem başlatma (kod 3 dakika, en fazla 3 deneme)',
  tag: 'ViA PASS',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write' },
  errorShape: 'viaPass',
  body: emailStartBody,
  checkBody: checkEmailStartBody,
  responses: {
    200: { description: 'İşlem başlatıldı', schema: startAnswer },
    400: passRefusal('ERR-VLD-001, ERR-SYS-0001, ERR-SYS-0007 (H1015)'),
    401: passRefusal('ERR-SYS-0006'),
    403: passRefusal('ERR-SYS-0005, ERR-SYS-0007 (H520, H521, H524, H586)'),
    404: passRefusal('ERR-SYS-0007 (H1107)'),
    429: passRefusal('ERR-SYS-0007 (H083, H124), Retry-After'),
    500: passRefusal('ERR-SYS-0004'),
  },
});
