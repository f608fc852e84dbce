import { defineSpec } from '../http/operation.js';
import { passRefusal, passSubscriptionAnswer } from '../schemas/via-pass.js';

export const spec = defineSpec({
  operationId: 'search',
  method: 'GET',
  path: '/otp-management/api/v1/subscription/{iysCode}',
  summary: 'ViA PASS aboneliği ve kalan kontör (viaCredit; −1 sınırsız)',
  tag: 'ViA PASS',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read', subscriptionQuery: true },
  errorShape: 'viaPass',
  responses: {
    200: { description: 'Abonelik bilgileri', schema: passSubscriptionAnswer },
    400: passRefusal('ERR-VLD-001'),
    401: passRefusal('ERR-SYS-0006'),
    403: passRefusal('ERR-SYS-0005, ERR-SYS-0007 (H521, H524)'),
    429: passRefusal('ERR-SYS-0007 (H083, H124), Retry-After'),
    500: passRefusal('ERR-SYS-0004'),
  },
});
