import { blindIndex, providerSecret } from '../adapters/blind-index.js';
import { clock } from '../adapters/clock.js';
import { directory } from '../adapters/directory.js';
import { open } from '../adapters/envelope.js';
import * as store from '../adapters/via-store.js';
import { type ViaReads, viaReads } from '../app/via.js';

/**
 * ViA's read operations over AWS: the Registry table's requests, forms, KVK index and evidence
 * (adapters/via-store.ts), opened under the provider's own KMS key. Apart from awsVia() (wiring/via.ts) so the
 * Lambdas that only read reach no consent write path, outbox, signing key or time-stamping authority, and
 * are granted none.
 */
export function awsViaReads(): ViaReads {
  return viaReads({
    provider: (iysCode) => directory.provider(iysCode),
    forms: { list: store.listForms },
    requests: { get: store.getRequest },
    kvk: { requestIds: store.kvkRequestIds },
    evidence: { get: store.getEvidence },
    open: async (provider, aad, sealed) =>
      (
        await open({ dk: new Uint8Array(sealed.dk), ct: new Uint8Array(sealed.ct) }, provider.iysCode, 0, aad)
      ).toString('utf8'),
    providerIndex: async (provider, address) => blindIndex(await providerSecret(provider), address),
    now: () => clock.now(),
  });
}
