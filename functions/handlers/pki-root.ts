import { rootCertificate } from '../adapters/certificates.js';
import { toPem } from '../domain/evidence/x509.js';
import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/pki-root.js';

/** The registry's root certificate (trust anchor of every receipt and daily file), PEM. Public. */

export const operation = implement(spec, async () => ({
  status: 200,
  headers: { 'cache-control': 'public, max-age=3600' },
  raw: { contentType: 'application/x-pem-file', data: toPem(await rootCertificate()) },
}));

export const handler = apiHandler(operation);
