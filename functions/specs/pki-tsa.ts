import { defineSpec } from '../http/operation.js';

export const spec = defineSpec({
  operationId: 'pkiTsa',
  method: 'GET',
  path: '/pki/tsa.pem',
  summary: 'Zaman damgası sertifikası (PEM)',
  tag: 'EVIDENCE',
  auth: 'none',
  responses: { 200: { description: 'PEM certificate' } },
});
