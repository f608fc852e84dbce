import { defineSpec } from '../http/operation.js';

export const spec = defineSpec({
  operationId: 'pkiRoot',
  method: 'GET',
  path: '/pki/root.pem',
  summary: 'Kök sertifika (PEM)',
  tag: 'EVIDENCE',
  auth: 'none',
  responses: { 200: { description: 'PEM certificate' } },
});
