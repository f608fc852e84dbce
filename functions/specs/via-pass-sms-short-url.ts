import { checkSmsStartBody, type SmsStartBody } from '../domain/via/pass.js';
import { defineSpec } from '../http/operation.js';
import { passRefusal, shortUrlStartAnswer, smsStartBody } from '../schemas/via-pass.js';

export const spec = defineSpec<SmsStartBody>({
  operationId: 'smsShortUrlStart',
  method: 'POST',
  path: '/otp-management/api/v1/{iysCode}/sms/start/short-url',
  summary: 'SMS kısa link ile işlem başlatma (link 24 saat, tek kullanımlık)',
  tag: 'ViA PASS',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write' },
  errorShape: 'viaPass',
  body: smsStartBody,
  checkBody: checkSmsStartBody,
  responses: {
    200: { description: 'İşlem başlatıldı', schema: shortUrlStartAnswer },
    400: passRefusal('ERR-VLD-001, ERR-SYS-0001, ERR-SYS-0007 (H1015)'),
    401: passRefusal('ERR-SYS-0006'),
    403: passRefusal('ERR-SYS-0005, ERR-SYS-0007 (H520, H521, H524, H586)'),
    404: passRefusal('ERR-SYS-0007 (H1107)'),
    429: passRefusal('ERR-SYS-0007 (H083, H124), Retry-After'),
    500: passRefusal('ERR-SYS-0004'),
  },
});
