import { providerCertificate } from '../adapters/certificates.js';
import { directory } from '../adapters/directory.js';
import { IysError } from '../domain/errors.js';
import { toPem } from '../domain/evidence/x509.js';
import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { spec } from '../specs/pki-provider.js';

/**
 * A provider's evidence-signing certificate, PEM (`/pki/sps/{iysCode}.pem`). Public: it only names the key
 * that signs the provider's checkpoints and daily files. API Gateway path parameters are whole segments,
 * so the segment is `{certificate}` = `{iysCode}.pem`.
 */

export const operation = implement(spec, async (req) => {
  const m = /^(\d{1,12})\.pem$/.exec(req.path.certificate ?? '');
  if (!m) throw IysError.of('X002');
  const iysCode = Number(m[1]);
  const provider = await directory.provider(iysCode);
  if (!provider) throw IysError.of('H001', { vars: { iysCode } });
  return {
    status: 200,
    headers: { 'cache-control': 'public, max-age=3600' },
    raw: { contentType: 'application/x-pem-file', data: toPem(await providerCertificate(provider)) },
  };
});

export const handler = apiHandler(operation);
