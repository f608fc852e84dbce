import { tsaCertificate } from '../adapters/certificates.js';
import { toPem } from '../domain/evidence/x509.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation } from '../http/operation.js';

/** The registry's TSA certificate (EKU timeStamping, critical), PEM. Public. */
export const operation = defineOperation({
  operationId: 'pkiTsa',
  method: 'GET',
  path: '/pki/tsa.pem',
  summary: 'Zaman damgası sertifikası (PEM)',
  tag: 'EVIDENCE',
  auth: 'none',
  responses: { 200: { description: 'PEM certificate' } },
  run: async () => ({
    status: 200,
    headers: { 'cache-control': 'public, max-age=3600' },
    raw: { contentType: 'application/x-pem-file', data: toPem(await tsaCertificate()) },
  }),
});

export const handler = apiHandler(operation);
