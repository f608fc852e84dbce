import { createHash } from 'node:crypto';
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  algorithm,
  bool,
  ctx,
  integer,
  namedBits,
  octets,
  oid,
  parseOne,
  rawBytes,
  seq,
  time,
  tlv,
} from './der.js';
import type { Signer } from './signer.js';

/**
 * X.509 certificates for keys that never leave the signer (KMS). The TBSCertificate is assembled
 * from DER pieces, signed through the `Signer` port (RAW message, KMS hashes it), and the DER
 * ECDSA-Sig-Value goes into signatureValue unchanged. pkijs then parses the result back as a
 * well-formedness check and serves the read side (`parseCertificate`).
 *
 * Why not pkijs's `Certificate.sign`: it needs a WebCrypto CryptoKey, and its
 * RelativeDistinguishedNames puts every attribute into one multi-valued RDN. Building the TBS here
 * keeps the bytes fully determined by the inputs: the same serial, validity, subject and keys
 * always give the same TBS (ECDSA signatures themselves are randomised, so the final DER differs).
 *
 * Profiles (all ECDSA P-256 with SHA-256):
 *  - root:     basicConstraints CA:TRUE pathLen 0 (critical), keyUsage keyCertSign|cRLSign (critical), SKI
 *  - TSA:      basicConstraints CA:FALSE (critical), keyUsage digitalSignature (critical),
 *              extKeyUsage timeStamping only (critical, RFC 3161 §2.3), SKI, AKI
 *  - provider: basicConstraints CA:FALSE (critical), keyUsage digitalSignature|nonRepudiation
 *              (critical), no EKU (so `openssl cms -verify`'s default S/MIME purpose accepts it), SKI, AKI
 */

export const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  timeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

/** Suggested lifetimes. `openssl ts -verify` checks validity at verification time (design §0.4). */
export const CERT_LIFETIME_YEARS = { root: 20, tsa: 15, provider: 10 } as const;

export interface DistinguishedName {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
  /** ISO 3166 two-letter code. */
  country?: string;
}

export interface CertificateTemplate {
  /** Positive, at most 20 octets (RFC 5280 §4.1.2.2). */
  serialNumber: bigint;
  notBefore: Date;
  notAfter: Date;
  subject: DistinguishedName;
}

export interface Issuer {
  signer: Signer;
  /** DER of the issuer's certificate (its subject becomes our issuer, its SKI our AKI). */
  certificate: Uint8Array;
}

/** Validity window of `years` from `from` (whole seconds). */
export function validityYears(from: Date, years: number): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(Math.floor(from.getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  return { notBefore, notAfter };
}

const utf8 = (s: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(s));
const printable = (s: string): Uint8Array => {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s)) throw new Error(`not a PrintableString: ${s}`);
  return tlv(0x13, new TextEncoder().encode(s));
};

/** Name as a sequence of single-valued RDNs in the conventional C, O, OU, CN order. */
export function encodeName(dn: DistinguishedName): Uint8Array {
  const rdn = (type: string, value: Uint8Array) => tlv(0x31, seq(oid(type), value));
  const parts: Uint8Array[] = [];
  if (dn.country) parts.push(rdn(OID.country, printable(dn.country)));
  if (dn.organization) parts.push(rdn(OID.organization, utf8(dn.organization)));
  if (dn.organizationalUnit) parts.push(rdn(OID.organizationalUnit, utf8(dn.organizationalUnit)));
  if (!dn.commonName) throw new Error('commonName is required');
  parts.push(rdn(OID.commonName, utf8(dn.commonName)));
  return seq(...parts);
}

const extension = (id: string, critical: boolean, value: Uint8Array): Uint8Array =>
  critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));

export interface CertificateInfo {
  der: Uint8Array;
  tbs: Uint8Array;
  serialNumber: bigint;
  /** The serial number's INTEGER encoding, byte-exact (for IssuerAndSerialNumber / ESSCertIDv2). */
  serialNumberDer: Uint8Array;
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  spki: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  subjectKeyIdentifier?: Uint8Array;
}

/** Reads the fields evidence code needs, as exact byte slices of the certificate. */
export function parseCertificate(der: Uint8Array): CertificateInfo {
  const cert = pkijs.Certificate.fromBER(der); // validates the overall structure
  const root = parseOne(der) as asn1js.Sequence;
  const tbsEl = root.valueBlock.value[0] as asn1js.Sequence;
  const fields = tbsEl.valueBlock.value;
  const offset = fields[0]?.idBlock.tagClass === 3 ? 1 : 0; // skip [0] version
  const at = (i: number): asn1js.AsnType => {
    const f = fields[offset + i];
    if (!f) throw new Error('truncated TBSCertificate');
    return f as asn1js.AsnType;
  };
  const serialEl = at(0) as asn1js.Integer;
  const skiExt = cert.extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier);
  const info: CertificateInfo = {
    der,
    tbs: rawBytes(tbsEl),
    serialNumber: serialEl.toBigInt(),
    serialNumberDer: rawBytes(serialEl),
    issuerDer: rawBytes(at(2)),
    subjectDer: rawBytes(at(4)),
    spki: rawBytes(at(5)),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
  };
  if (skiExt) {
    const ski = parseOne(skiExt.extnValue.valueBlock.valueHexView) as asn1js.OctetString;
    info.subjectKeyIdentifier = new Uint8Array(ski.valueBlock.valueHexView);
  }
  return info;
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
function keyIdentifier(spki: Uint8Array): Uint8Array {
  const info = pkijs.PublicKeyInfo.fromBER(spki);
  return new Uint8Array(createHash('sha1').update(info.subjectPublicKey.valueBlock.valueHexView).digest());
}

function checkTemplate(t: CertificateTemplate): void {
  if (t.serialNumber <= 0n || t.serialNumber >= 2n ** 159n)
    throw new Error('serial number must be positive and fit in 20 octets');
  if (!(t.notBefore.getTime() < t.notAfter.getTime())) throw new Error('notBefore must precede notAfter');
}

async function issue(
  signer: Signer,
  issuerName: Uint8Array,
  subjectSpki: Uint8Array,
  t: CertificateTemplate,
  extensions: Uint8Array[],
): Promise<Uint8Array> {
  checkTemplate(t);
  const sigAlg = algorithm(OID.ecdsaWithSha256);
  const tbs = seq(
    ctx(0, integer(2)), // v3
    integer(t.serialNumber),
    sigAlg,
    issuerName,
    seq(time(t.notBefore), time(t.notAfter)),
    encodeName(t.subject),
    subjectSpki,
    ctx(3, seq(...extensions)),
  );
  const signature = await signer.sign(tbs);
  const der = seq(tbs, sigAlg, tlv(0x03, Uint8Array.of(0), signature));
  parseCertificate(der); // fail here, not at a verifier, if anything is malformed
  return der;
}

const basicConstraints = (ca: boolean): Uint8Array =>
  extension(OID.basicConstraints, true, ca ? seq(bool(true), integer(0)) : seq());

// KeyUsage bit numbers (RFC 5280 §4.2.1.3).
const KU = { digitalSignature: 0, nonRepudiation: 1, keyCertSign: 5, cRLSign: 6 } as const;

/** Self-signed trust anchor; `signer` holds the root key. */
export async function createRootCertificate(signer: Signer, t: CertificateTemplate): Promise<Uint8Array> {
  const spki = await signer.publicKeySpki();
  return issue(signer, encodeName(t.subject), spki, t, [
    basicConstraints(true),
    extension(OID.keyUsage, true, namedBits([KU.keyCertSign, KU.cRLSign])),
    extension(OID.subjectKeyIdentifier, false, octets(keyIdentifier(spki))),
  ]);
}

async function leaf(issuer: Issuer, subjectSpki: Uint8Array, t: CertificateTemplate, profile: Uint8Array[]) {
  const issuerInfo = parseCertificate(issuer.certificate);
  // Catch a signer/certificate mix-up now rather than as an unverifiable chain later.
  const issuerKey = await issuer.signer.publicKeySpki();
  if (Buffer.compare(Buffer.from(issuerKey), Buffer.from(issuerInfo.spki)) !== 0) {
    throw new Error("issuer signer's public key does not match the issuer certificate");
  }
  const aki = issuerInfo.subjectKeyIdentifier ?? keyIdentifier(issuerInfo.spki);
  return issue(issuer.signer, issuerInfo.subjectDer, subjectSpki, t, [
    basicConstraints(false),
    ...profile,
    extension(OID.subjectKeyIdentifier, false, octets(keyIdentifier(subjectSpki))),
    extension(OID.authorityKeyIdentifier, false, seq(tlv(0x80, aki))),
  ]);
}

/** RFC 3161 §2.3 TSA certificate: EKU timeStamping only, critical. */
export function createTsaCertificate(
  issuer: Issuer,
  subjectSpki: Uint8Array,
  t: CertificateTemplate,
): Promise<Uint8Array> {
  return leaf(issuer, subjectSpki, t, [
    extension(OID.keyUsage, true, namedBits([KU.digitalSignature])),
    extension(OID.extKeyUsage, true, seq(oid(OID.timeStamping))),
  ]);
}

/** Per-provider evidence-signing certificate (detached CMS over records, checkpoints, daily lists). */
export function createProviderCertificate(
  issuer: Issuer,
  subjectSpki: Uint8Array,
  t: CertificateTemplate,
): Promise<Uint8Array> {
  return leaf(issuer, subjectSpki, t, [
    extension(OID.keyUsage, true, namedBits([KU.digitalSignature, KU.nonRepudiation])),
  ]);
}

/** SHA-256 fingerprint as lower-case hex (what a provider compares against the published value). */
export function certificateFingerprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every PEM block with `label`, in order. */
export function fromPemAll(pem: string, label = 'CERTIFICATE'): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...pem.matchAll(re)].map(
    (m) => new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')),
  );
}

export function fromPem(pem: string, label = 'CERTIFICATE'): Uint8Array {
  const [first] = fromPemAll(pem, label);
  if (!first) throw new Error(`no ${label} PEM block`);
  return first;
}
