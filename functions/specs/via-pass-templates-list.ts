import { defineSpec } from '../http/operation.js';
import { passRefusal, templateListAnswer } from '../schemas/via-pass.js';

export const spec = defineSpec({
  operationId: 'listViaPassTemplates',
  method: 'GET',
  path: '/otp-management/api/v1/templates/{iysCode}',
  summary: 'Hizmet sağlayıcının ViA PASS şablonları (eklentimiz)',
  tag: 'ViA PASS',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  errorShape: 'viaPass',
  responses: {
    200: { description: 'Şablonlar', schema: templateListAnswer },
    400: passRefusal('ERR-VLD-001'),
    401: passRefusal('ERR-SYS-0006'),
    403: passRefusal('ERR-SYS-0005, ERR-SYS-0007 (H520, H521, H524, H586)'),
    429: passRefusal('ERR-SYS-0007 (H083, H124), Retry-After'),
    500: passRefusal('ERR-SYS-0004'),
  },
});
