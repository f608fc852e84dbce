import { defineSpec } from '../http/operation.js';
import { passRefusal } from '../schemas/via-pass.js';

export const spec = defineSpec({
  operationId: 'getClarificationFile',
  method: 'GET',
  path: '/otp-management/api/v1/get-clarification-file/{iysCode}/{requestId}',
  summary:
    'Tamamlanmış ViA PASS isteğinin işlem dosyası (.zip: report.txt özeti ve RFC 3161 zaman damgası result.tsr)',
  tag: 'ViA PASS',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  errorShape: 'viaPass',
  responses: {
    200: { description: 'application/zip' },
    400: passRefusal('ERR-VLD-001, ERR-SYS-0007 (H1072)'),
    401: passRefusal('ERR-SYS-0006'),
    403: passRefusal('ERR-SYS-0005, ERR-SYS-0007 (H520, H521, H524, H586)'),
    429: passRefusal('ERR-SYS-0007 (H083, H124), Retry-After'),
    500: passRefusal('ERR-SYS-0004'),
  },
});
