import { rootCertificate } from '../adapters/certificates.js';
import { toPem } from '../domain/evidence/x509.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation } from '../http/operation.js';

/** The registry's root certificate (trust anchor of every receipt and daily file), PEM. Public. */
export const operation = defineOperation({
  operationId: 'pkiRoot',
  method: 'GET',
  path: '/pki/root.pem',
  summary: 'Kök sertifika (PEM)',
  tag: 'EVIDENCE',
  auth: 'none',
  responses: { 200: { description: 'PEM certificate' } },
  run: async () => ({
    status: 200,
    headers: { 'cache-control': 'public, max-age=3600' },
    raw: { contentType: 'application/x-pem-file', data: toPem(await rootCertificate()) },
  }),
});

export const handler = apiHandler(operation);
