import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { blindIndex, registryIndexSecret } from '../adapters/blind-index.js';
import * as pki from '../adapters/certificates.js';
import { sealText } from '../adapters/citizen-session.js';
import { clock } from '../adapters/clock.js';
import { directory } from '../adapters/directory.js';
import { config } from '../adapters/env.js';
import { send } from '../adapters/outbox.js';
import { countRequest } from '../adapters/registry-store.js';
import * as store from '../adapters/via-pass-store.js';
import { type ViaPassUseCases, viaPassUseCases } from '../app/via-pass.js';
import { sha256 } from '../domain/evidence/cms.js';

/**
 * ViA PASS over AWS: templates, requests and link digests in the Registry table (adapters/via-pass-store.ts),
 * addresses sealed under a key derived from the registry secret, code and link digests as HMACs under the
 * registry's blind-index secret, the outbox, the request counters, and the registry's TSA for the
 * clarification file's time stamp.
 */
export function awsViaPass(): ViaPassUseCases {
  return viaPassUseCases({
    provider: (iysCode) => directory.provider(iysCode),
    grants: (integratorCode) => directory.grants(integratorCode),
    templates: {
      next: store.nextTemplateId,
      put: store.putTemplate,
      get: store.getTemplate,
      list: store.listTemplates,
    },
    requests: {
      create: store.createRequest,
      get: store.getRequest,
      save: store.saveRequest,
      ofLink: store.requestOfLink,
    },
    viaPassPackage: store.viaPassPackage,
    digest: async (text) => blindIndex(await registryIndexSecret(), text),
    sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
    sealAddress: (address) => sealText(address, 'via-pass'),
    randomUint32: () => randomBytes(4).readUInt32BE(0),
    newRequestId: () => randomUUID(),
    newToken: () => randomBytes(24).toString('base64url'),
    count: countRequest,
    send: (m, now) => send(m, now),
    timestamp: async (data) => {
      const tsa = await pki.timeStampAuthority();
      return (await tsa.timestampDigest(sha256(data), 'SHA-256')).response;
    },
    senderId: config().IYS_SMS_SENDER_ID,
    now: () => clock.now(),
  });
}
