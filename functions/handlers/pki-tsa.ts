import { tsaCertificate } from '../adapters/certificates.js';
import { toPem } from '../domain/evidence/x509.js';
import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/pki-tsa.js';

/** The registry's TSA certificate (EKU timeStamping, critical), PEM. Public. */

export const operation = implement(spec, async () => ({
  status: 200,
  headers: { 'cache-control': 'public, max-age=3600' },
  raw: { contentType: 'application/x-pem-file', data: toPem(await tsaCertificate()) },
}));

export const handler = apiHandler(operation);
