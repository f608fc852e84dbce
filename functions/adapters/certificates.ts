import { randomBytes } from 'node:crypto';
import type { Signer } from '../domain/evidence/signer.js';
import { TimeStampAuthority } from '../domain/evidence/tsa.js';
import {
  CERT_LIFETIME_YEARS,
  createProviderCertificate,
  createRootCertificate,
  createTsaCertificate,
  parseCertificate,
  validityYears,
} from '../domain/evidence/x509.js';
import { kms } from './aws.js';
import { clock } from './clock.js';
import { containerState } from './container.js';
import { env } from './env.js';
import { getCertificate, putCertificateOnce } from './evidence-store.js';
import { KmsSigner } from './kms-signer.js';

/**
 * The registry's PKI: root CA, TSA and one evidence-signing certificate per provider, each key in KMS
 * (root alias/iys/root-ca, TSA alias/iys/tsa, provider alias/iys/sp/{iysCode}/signing = its signingKeyId).
 * Certificates are made on first use, signed through KMS, and stored once (conditional write in the
 * Evidence table), so every function serves the same certificate. A certificate whose key no longer
 * matches its KMS key is never reused silently: the CMS/TSA builders compare keys before signing.
 */
/** The running system's signers, certificates and time-stamping authority. */
const pki = containerState(() => ({
  signers: new Map<string, KmsSigner>(),
  certificates: new Map<string, Promise<Uint8Array>>(),
  authority: undefined as Promise<TimeStampAuthority> | undefined,
}));
function signerFor(keyId: string): KmsSigner {
  const { signers } = pki();
  let s = signers.get(keyId);
  if (!s) {
    s = new KmsSigner(kms(), keyId);
    signers.set(keyId, s);
  }
  return s;
}

export const rootSigner = (): Signer => signerFor(env.rootCaKey());
export const tsaSigner = (): Signer => signerFor(env.tsaKey());
/** The provider's own evidence-signing key (ProviderItem.signingKeyId). */
export const providerSigner = (provider: { signingKeyId: string }): Signer =>
  signerFor(provider.signingKeyId);

const ORG = 'IYS Registry';
const serial = (): bigint => {
  const b = randomBytes(12);
  b[0] = (b[0] as number) & 0x7f;
  return BigInt(`0x${b.toString('hex')}`) || 1n;
};
/** Validity starts a day before creation, so a verifier whose clock is a little behind still accepts it. */
const validity = (years: number) => validityYears(new Date(clock.now().getTime() - 86_400_000), years);

function once(name: string, make: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const cache = pki().certificates;
  let p = cache.get(name);
  if (!p) {
    p = (async () => (await getCertificate(name)) ?? putCertificateOnce(name, await make()))();
    p.catch(() => cache.delete(name));
    cache.set(name, p);
  }
  return p;
}

export function rootCertificate(): Promise<Uint8Array> {
  return once('root', () =>
    createRootCertificate(rootSigner(), {
      serialNumber: serial(),
      ...validity(CERT_LIFETIME_YEARS.root),
      subject: { country: 'TR', organization: ORG, commonName: 'IYS Evidence Root CA' },
    }),
  );
}

export function tsaCertificate(): Promise<Uint8Array> {
  return once('tsa', async () =>
    createTsaCertificate(
      { signer: rootSigner(), certificate: await rootCertificate() },
      await tsaSigner().publicKeySpki(),
      {
        serialNumber: serial(),
        ...validity(CERT_LIFETIME_YEARS.tsa),
        subject: { country: 'TR', organization: ORG, commonName: 'IYS Time-Stamping Authority' },
      },
    ),
  );
}

export function providerCertificate(provider: {
  iysCode: number;
  signingKeyId: string;
}): Promise<Uint8Array> {
  return once(`sp#${provider.iysCode}`, async () => {
    const cert = await createProviderCertificate(
      { signer: rootSigner(), certificate: await rootCertificate() },
      await providerSigner(provider).publicKeySpki(),
      {
        serialNumber: serial(),
        ...validity(CERT_LIFETIME_YEARS.provider),
        subject: {
          country: 'TR',
          organization: ORG,
          organizationalUnit: `SPS ${provider.iysCode}`,
          commonName: `SPS ${provider.iysCode} evidence signer`,
        },
      },
    );
    parseCertificate(cert);
    return cert;
  });
}

/** The RFC 3161 authority: TSA key in KMS, time from the injectable clock, tokens embed TSA + root. */
export function timeStampAuthority(): Promise<TimeStampAuthority> {
  const held = pki();
  held.authority ??= (async () =>
    new TimeStampAuthority({
      signer: tsaSigner(),
      certificate: await tsaCertificate(),
      chain: [await rootCertificate()],
      clock: () => clock.now(),
    }))();
  held.authority.catch(() => {
    held.authority = undefined;
  });
  return held.authority;
}
