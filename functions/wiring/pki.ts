import * as pki from '../adapters/certificates.js';
import type { EvidencePki } from '../app/evidence-log.js';

/** The registry's PKI over its KMS keys and the certificates stored in the Evidence table. */
export const awsPki = (): EvidencePki => ({
  providerSigner: pki.providerSigner,
  providerCertificate: pki.providerCertificate,
  rootCertificate: pki.rootCertificate,
  tsaCertificate: pki.tsaCertificate,
  timeStampAuthority: pki.timeStampAuthority,
});
