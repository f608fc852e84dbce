import { checkTemplateBody, type TemplateBody } from '../domain/via/pass.js';
import { defineSpec } from '../http/operation.js';
import { passRefusal, templateAnswer, templateBody } from '../schemas/via-pass.js';

export const spec = defineSpec<TemplateBody>({
  operationId: 'createViaPassTemplate',
  method: 'POST',
  path: '/otp-management/api/v1/templates/{iysCode}',
  summary:
    'ViA PASS şablonu oluşturma (eklentimiz): kanal, yöntem (OTP veya SHORT_URL), {{otp}}/{{link}} yer tutuculu metin ve aydınlatma metni',
  tag: 'ViA PASS',
  auth: 'bearer',
  rights: { actors: ['HS'], mode: 'write' },
  errorShape: 'viaPass',
  body: templateBody,
  checkBody: checkTemplateBody,
  responses: {
    201: { description: 'Şablon oluşturuldu', schema: templateAnswer },
    400: passRefusal('ERR-VLD-001, ERR-SYS-0001'),
    401: passRefusal('ERR-SYS-0006'),
    403: passRefusal('ERR-SYS-0005, ERR-SYS-0007 (H520, H521, H524, H586)'),
    429: passRefusal('ERR-SYS-0007 (H083, H124), Retry-After'),
    500: passRefusal('ERR-SYS-0004'),
  },
});
