import { randomBytes, randomUUID } from 'node:crypto';
import { blindIndex, providerSecret, registryIndexSecret } from '../adapters/blind-index.js';
import * as pki from '../adapters/certificates.js';
import { registryIndexOf } from '../adapters/citizen-session.js';
import { clock } from '../adapters/clock.js';
import { directory } from '../adapters/directory.js';
import { config } from '../adapters/env.js';
import { open, seal } from '../adapters/envelope.js';
import { logger } from '../adapters/logger.js';
import { send } from '../adapters/outbox.js';
import { countRequest } from '../adapters/registry-store.js';
import * as store from '../adapters/via-store.js';
import { type ViaUseCases, viaUseCases } from '../app/via.js';
import { sha256, signDetached } from '../domain/evidence/cms.js';
import { awsConsents } from './consents.js';

/**
 * ViA over AWS: requests, forms, KVK index and evidence in the Registry table (adapters/via-store.ts), the
 * recipient and KVK person data sealed under the provider's own KMS key (envelope.ts, brand 0 of the
 * provider: the context names the provider, no brand), code and link digests as HMACs under the registry's
 * blind-index secret, the outbox, the consent write path, and the registry's PKI for the evidence file.
 */
export function awsVia(): ViaUseCases {
  const { recordConsent } = awsConsents();
  const perHour = config().IYS_VIA_PROVIDER_PER_HOUR;
  return viaUseCases({
    provider: (iysCode) => directory.provider(iysCode),
    brand: (iysCode, brandCode) => directory.brand(iysCode, brandCode),
    forms: { next: store.nextFormId, put: store.putForm, get: store.getForm, list: store.listForms },
    requests: { put: store.putRequest, get: store.getRequest, save: store.saveRequest },
    viaPackage: store.viaPackage,
    kvk: { put: store.putKvkIndex, requestIds: store.kvkRequestIds },
    evidence: {
      put: store.putEvidence,
      get: store.getEvidence,
      sign: async (provider, content, now) => {
        const [certificate, root, tsa] = await Promise.all([
          pki.providerCertificate(provider),
          pki.rootCertificate(),
          pki.timeStampAuthority(),
        ]);
        const [sig, stamp] = await Promise.all([
          signDetached(content, {
            signer: pki.providerSigner(provider),
            certificate,
            chain: [root],
            signingTime: now,
          }),
          tsa.timestampDigest(sha256(content), 'SHA-256'),
        ]);
        return { sig, tst: stamp.response };
      },
    },
    seal: (provider, aad, plain) =>
      seal(provider.dataKeyId, provider.iysCode, 0, aad, new TextEncoder().encode(plain)),
    open: async (provider, aad, sealed) =>
      (
        await open({ dk: new Uint8Array(sealed.dk), ct: new Uint8Array(sealed.ct) }, provider.iysCode, 0, aad)
      ).toString('utf8'),
    providerIndex: async (provider, address) => blindIndex(await providerSecret(provider), address),
    registryIndex: registryIndexOf,
    digest: async (text) => blindIndex(await registryIndexSecret(), text),
    newRequestId: () => randomUUID(),
    newToken: () => randomBytes(18).toString('base64url'),
    randomUint32: () => randomBytes(4).readUInt32BE(0),
    countRequest,
    send: (m, now) => send(m, now),
    consents: { recordConsent },
    now: () => clock.now(),
    ...(perHour > 0 ? { providerPerHour: perHour } : {}),
    log: { info: (message, fields) => logger.info(message, fields) },
  });
}
