import { defineSpec } from '../http/operation.js';
import { historyAnswer, historyBody, historyQuery, passRefusal } from '../schemas/via-pass.js';

export const spec = defineSpec<unknown>({
  operationId: 'getRequestAudit',
  method: 'POST',
  path: '/otp-management/api/v1/request-history',
  summary: 'Bir ViA PASS isteğinin tarihçesi (sayfalı: page, pageSize)',
  tag: 'ViA PASS',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  errorShape: 'viaPass',
  body: historyBody,
  // İYS's own codes for this body (OTP-ERROR-005/006/009/010) are the use case's (domain/via/pass.ts).
  checkBody: (input) => ({ ok: true, value: input }),
  query: historyQuery,
  responses: {
    200: { description: 'Tarihçe', schema: historyAnswer },
    400: passRefusal('OTP-ERROR-006, OTP-ERROR-009, ERR-VLD-001, ERR-SYS-0001'),
    401: passRefusal('ERR-SYS-0006'),
    403: passRefusal('OTP-ERROR-005, OTP-ERROR-010, ERR-SYS-0005'),
    404: passRefusal('OTP-ERROR-002'),
    429: passRefusal('ERR-SYS-0007 (H083, H124), Retry-After'),
    500: passRefusal('ERR-SYS-0004'),
  },
});
