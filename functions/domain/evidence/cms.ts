import { createHash } from 'node:crypto';
import { algorithm, ctx, integer, octets, oid, seq, setOf, time } from './der.js';
import type { Signer } from './signer.js';
import { parseCertificate, OID as X509_OID } from './x509.js';

/**
 * CMS SignedData (RFC 5652) assembled by hand so that
 *  - signed attributes are DER: sorted as a SET OF (§5.3 requires DER; pkijs keeps insertion order),
 *  - the bytes signed are exactly the SET OF (tag 0x31) of those attributes (§5.4),
 *  - encapsulated content is a primitive OCTET STRING (pkijs re-chunks it into BER),
 *  - the signature comes from the Signer port (KMS RAW, SHA-256 inside) and is stored unchanged.
 * Every SignerInfo carries an ESS signingCertificateV2 attribute (RFC 5035): `openssl ts -verify`
 * refuses time-stamp tokens without it, and CAdES-BES requires it for signatures.
 */

export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

export const sha256 = (data: Uint8Array): Uint8Array =>
  new Uint8Array(createHash('sha256').update(data).digest());

const attribute = (type: string, value: Uint8Array): Uint8Array => seq(oid(type), setOf([value]));

/** ESS SigningCertificateV2 { certs: [ESSCertIDv2 { certHash (SHA-256, alg omitted as DEFAULT), issuerSerial }] }. */
export function signingCertificateV2(certificate: Uint8Array): Uint8Array {
  const info = parseCertificate(certificate);
  // IssuerSerial.issuer is GeneralNames; directoryName is [4], explicit because Name is a CHOICE.
  const issuerSerial = seq(seq(ctx(4, info.issuerDer)), info.serialNumberDer);
  return seq(seq(seq(octets(sha256(certificate)), issuerSerial)));
}

export interface SignedDataInput {
  signer: Signer;
  /** Signer's certificate (DER); identifies the signer (IssuerAndSerialNumber) and feeds the ESS attribute. */
  certificate: Uint8Array;
  /** Certificates to embed (usually the signer's own, optionally the chain). */
  certificates: Uint8Array[];
  eContentType: string;
  /** Encapsulated content; omit for a detached signature. */
  eContent?: Uint8Array;
  /** SHA-256 of the content (the encapsulated bytes, or the external data when detached). */
  contentDigest: Uint8Array;
  signingTime?: Date;
}

const verifiedKeys = new WeakMap<Signer, Set<string>>();

/** Refuses to sign if the signer's key is not the certificate's key (a mix-up would yield unverifiable evidence). */
async function assertSignerMatches(signer: Signer, spki: Uint8Array): Promise<void> {
  const key = Buffer.from(spki).toString('base64');
  const seen = verifiedKeys.get(signer);
  if (seen?.has(key)) return;
  const actual = Buffer.from(await signer.publicKeySpki()).toString('base64');
  if (actual !== key) throw new Error("signer's public key does not match the signing certificate");
  verifiedKeys.set(signer, (seen ?? new Set()).add(key));
}

/** Builds ContentInfo(SignedData) with one signer and returns its DER. */
export async function buildSignedData(input: SignedDataInput): Promise<Uint8Array> {
  const cert = parseCertificate(input.certificate);
  await assertSignerMatches(input.signer, cert.spki);
  if (input.contentDigest.length !== 32) throw new Error('contentDigest must be a SHA-256 digest');

  const attrs = [
    attribute(CMS_OID.contentType, oid(input.eContentType)),
    attribute(CMS_OID.messageDigest, octets(input.contentDigest)),
    attribute(CMS_OID.signingCertificateV2, signingCertificateV2(input.certificate)),
  ];
  if (input.signingTime) attrs.push(attribute(CMS_OID.signingTime, time(input.signingTime)));

  // The signature covers the attributes encoded as an explicit SET OF (0x31); in the SignerInfo the
  // same content is carried under the [0] IMPLICIT tag (0xA0). setOf sorts them (DER).
  const signature = await input.signer.sign(setOf(attrs));
  const signerInfo = seq(
    integer(1), // v1: sid is IssuerAndSerialNumber
    seq(cert.issuerDer, cert.serialNumberDer),
    algorithm(CMS_OID.sha256),
    setOf(attrs, 0xa0),
    algorithm(X509_OID.ecdsaWithSha256),
    octets(signature),
  );

  const encap =
    input.eContent === undefined
      ? seq(oid(input.eContentType))
      : seq(oid(input.eContentType), ctx(0, octets(input.eContent)));
  // RFC 5652 §5.1: version 3 when eContentType is not id-data, otherwise 1 (no v3 SignerInfos here).
  const version = input.eContentType === CMS_OID.data ? 1 : 3;
  const parts = [integer(version), setOf([algorithm(CMS_OID.sha256)]), encap];
  if (input.certificates.length > 0) parts.push(setOf(input.certificates, 0xa0));
  parts.push(setOf([signerInfo]));
  return seq(oid(CMS_OID.signedData), ctx(0, seq(...parts)));
}

export interface DetachedSignatureOptions {
  signer: Signer;
  certificate: Uint8Array;
  /** Extra certificates to embed after the signer's (e.g. nothing, or the root for convenience). */
  chain?: Uint8Array[];
  signingTime: Date;
}

/**
 * Detached CMS signature (p7s, DER) over `content`, eContentType id-data. Verify with
 * `openssl cms -verify -binary -inform DER -in x.p7s -content x -CAfile root.pem -purpose any`.
 */
export function signDetached(content: Uint8Array, opts: DetachedSignatureOptions): Promise<Uint8Array> {
  return buildSignedData({
    signer: opts.signer,
    certificate: opts.certificate,
    certificates: [opts.certificate, ...(opts.chain ?? [])],
    eContentType: CMS_OID.data,
    contentDigest: sha256(content),
    signingTime: opts.signingTime,
  });
}

/**
 * Detached signature when only the content's SHA-256 is at hand (a file streamed to storage): the same
 * SignedData as `signDetached`, so `openssl cms -verify -content <file>` checks it the same way.
 */
export function signDetachedDigest(
  contentSha256: Uint8Array,
  opts: DetachedSignatureOptions,
): Promise<Uint8Array> {
  return buildSignedData({
    signer: opts.signer,
    certificate: opts.certificate,
    certificates: [opts.certificate, ...(opts.chain ?? [])],
    eContentType: CMS_OID.data,
    contentDigest: contentSha256,
    signingTime: opts.signingTime,
  });
}
