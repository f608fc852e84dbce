import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { buildSignedData, CMS_OID, sha256 } from './cms.js';
import {
  algorithm,
  ctx,
  generalizedTime,
  integer,
  namedBits,
  oid,
  parseOne,
  rawBytes,
  seq,
  tlv,
} from './der.js';
import type { Signer } from './signer.js';
import { parseCertificate } from './x509.js';

/**
 * RFC 3161 time-stamp authority (with the RFC 5816 ESSCertIDv2 update) whose key lives behind the
 * Signer port. `respond` answers a DER TimeStampReq and never throws: anything it cannot honour
 * becomes a `rejection` TimeStampResp with a PKIFailureInfo bit. `timestampDigest` stamps our own
 * data (checkpoints, daily lists) without a request.
 */

/**
 * Policy under which every token is issued. 1.3.6.1.4.1.99999 is a placeholder private-enterprise
 * arc for this clone (not an IANA assignment; replace with the operator's own PEN):
 * .1 = evidence policies, .1.1 = "İYS clone TSA policy v1" (see docs/evidence.md).
 */
export const TSA_POLICY_OID = '1.3.6.1.4.1.99999.1.1';

export type HashAlgorithm = 'SHA-256' | 'SHA-384' | 'SHA-512';

export const HASH_ALGORITHMS: Record<HashAlgorithm, { oid: string; length: number }> = {
  'SHA-256': { oid: '2.16.840.1.101.3.4.2.1', length: 32 },
  'SHA-384': { oid: '2.16.840.1.101.3.4.2.2', length: 48 },
  'SHA-512': { oid: '2.16.840.1.101.3.4.2.3', length: 64 },
};

/** PKIFailureInfo bit numbers (RFC 3161 §2.4.2). */
export const FAILURE_BITS = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
} as const;
export type FailureReason = keyof typeof FAILURE_BITS;

export interface GrantedTimeStamp {
  granted: true;
  /** DER TimeStampResp (application/timestamp-reply). */
  response: Uint8Array;
  /** DER TimeStampToken (ContentInfo/SignedData) — what gets stored next to the data. */
  token: Uint8Array;
  serialNumber: bigint;
  genTime: Date;
}

export interface RejectedTimeStamp {
  granted: false;
  response: Uint8Array;
  failure: FailureReason;
  message: string;
}

export type TimeStampResult = GrantedTimeStamp | RejectedTimeStamp;

export interface TsaOptions {
  signer: Signer;
  /** The TSA certificate (EKU timeStamping, critical) for `signer`'s key. */
  certificate: Uint8Array;
  /** Further certificates embedded after the TSA's when certificates are included (e.g. the root). */
  chain?: Uint8Array[];
  policyOid?: string;
  /** TSTInfo accuracy in seconds (0 omits the field). Default 1. */
  accuracySeconds?: number;
  /** Put the TSA's subject name in TSTInfo.tsa (openssl checks it against the signer). Default true. */
  includeTsaName?: boolean;
  /** Injected clock; default the system clock. */
  clock?: () => Date;
  /** Serial number source; must be unique per TSA. Default 127 random bits. */
  serial?: () => bigint;
}

export interface IssueOverrides {
  serialNumber?: bigint;
  genTime?: Date;
}

/** Random positive serial of 127 bits (unique with overwhelming probability, fits the 160-bit cap). */
export function randomSerial(): bigint {
  const b = randomBytes(16);
  b[0] = (b[0] as number) & 0x7f;
  const v = BigInt(`0x${b.toString('hex')}`);
  return v === 0n ? 1n : v;
}

class Rejection extends Error {
  constructor(
    readonly failure: FailureReason,
    message: string,
  ) {
    super(message);
  }
}

function statusInfo(status: number, failure?: FailureReason, text?: string): Uint8Array {
  const parts = [integer(status)];
  if (text) parts.push(seq(tlv(0x0c, new TextEncoder().encode(text))));
  if (failure) parts.push(namedBits([FAILURE_BITS[failure]]));
  return seq(...parts);
}

interface ParsedRequest {
  messageImprint: Uint8Array;
  hashAlgorithm: HashAlgorithm;
  nonce?: Uint8Array;
  certReq: boolean;
}

function hashAlgorithmByOid(id: string): HashAlgorithm | undefined {
  return (Object.keys(HASH_ALGORITHMS) as HashAlgorithm[]).find((k) => HASH_ALGORITHMS[k].oid === id);
}

/** Decodes and validates a TimeStampReq; throws Rejection with the matching failure bit. */
function parseRequest(der: Uint8Array, policyOid: string): ParsedRequest {
  let req: pkijs.TimeStampReq;
  let top: asn1js.Sequence;
  try {
    top = parseOne(der) as asn1js.Sequence; // exactly one element, no trailing bytes
    req = new pkijs.TimeStampReq({ schema: top });
  } catch {
    throw new Rejection('badDataFormat', 'request is not a DER TimeStampReq');
  }
  if (req.version !== 1) throw new Rejection('badDataFormat', `unsupported request version ${req.version}`);
  const alg = req.messageImprint.hashAlgorithm;
  const hashAlgorithm = hashAlgorithmByOid(alg.algorithmId);
  if (!hashAlgorithm) throw new Rejection('badAlg', `unsupported hash algorithm ${alg.algorithmId}`);
  // RFC 5754: SHA-2 parameters are absent or NULL; anything else is not SHA-2 as we know it.
  if (alg.algorithmParams !== undefined && !(alg.algorithmParams instanceof asn1js.Null)) {
    throw new Rejection('badAlg', 'hash algorithm parameters must be absent or NULL');
  }
  const hashed = req.messageImprint.hashedMessage.valueBlock.valueHexView;
  if (hashed.length !== HASH_ALGORITHMS[hashAlgorithm].length) {
    throw new Rejection(
      'badDataFormat',
      `${hashAlgorithm} imprint must be ${HASH_ALGORITHMS[hashAlgorithm].length} bytes`,
    );
  }
  if (req.reqPolicy !== undefined && req.reqPolicy !== policyOid) {
    throw new Rejection('unacceptedPolicy', `policy ${req.reqPolicy} is not offered`);
  }
  if (req.extensions && req.extensions.length > 0)
    throw new Rejection('unacceptedExtension', 'no request extensions are supported');
  let nonce: Uint8Array | undefined;
  if (req.nonce) {
    nonce = rawBytes(req.nonce);
    if (nonce.length > 2 + 64) throw new Rejection('badDataFormat', 'nonce is too long');
  }
  // Echo messageImprint byte-for-byte (RFC 3161 §2.4.2: "MUST have the same value").
  const imprintEl = top.valueBlock.value[1];
  if (!imprintEl) throw new Rejection('badDataFormat', 'missing messageImprint');
  const out: ParsedRequest = {
    messageImprint: rawBytes(imprintEl),
    hashAlgorithm,
    certReq: req.certReq === true,
  };
  if (nonce) out.nonce = nonce;
  return out;
}

export class TimeStampAuthority {
  readonly policyOid: string;
  private readonly opts: TsaOptions;
  private readonly tsaName: Uint8Array;

  constructor(opts: TsaOptions) {
    this.opts = opts;
    this.policyOid = opts.policyOid ?? TSA_POLICY_OID;
    this.tsaName = parseCertificate(opts.certificate).subjectDer;
  }

  /** Answers a DER TimeStampReq. Never throws: failures are RFC 3161 rejections. */
  async respond(tsq: Uint8Array, overrides: IssueOverrides = {}): Promise<TimeStampResult> {
    let req: ParsedRequest;
    try {
      req = parseRequest(tsq, this.policyOid);
    } catch (e) {
      const r = e instanceof Rejection ? e : new Rejection('badDataFormat', 'malformed request');
      return this.reject(r.failure, r.message);
    }
    try {
      return await this.issue(req.messageImprint, req.certReq, req.nonce, overrides);
    } catch {
      // Signer (KMS) or clock trouble: tell the client, do not leak details.
      return this.reject('systemFailure', 'time-stamp could not be produced');
    }
  }

  /**
   * Token over a digest we computed ourselves. Certificates are always embedded so the token is
   * self-contained evidence. Throws on bad input (a programming error, not a client request).
   */
  async timestampDigest(
    digest: Uint8Array,
    hashAlg: HashAlgorithm = 'SHA-256',
    overrides: IssueOverrides & { nonce?: bigint } = {},
  ): Promise<GrantedTimeStamp> {
    const alg = HASH_ALGORITHMS[hashAlg];
    if (!alg) throw new Error(`unsupported hash algorithm ${hashAlg}`);
    if (digest.length !== alg.length) throw new Error(`${hashAlg} digest must be ${alg.length} bytes`);
    const imprint = seq(algorithm(alg.oid), tlv(0x04, digest));
    const nonce = overrides.nonce === undefined ? undefined : integer(overrides.nonce);
    return this.issue(imprint, true, nonce, overrides);
  }

  private reject(failure: FailureReason, message: string): RejectedTimeStamp {
    return { granted: false, failure, message, response: seq(statusInfo(2, failure, message)) };
  }

  private async issue(
    messageImprint: Uint8Array,
    includeCerts: boolean,
    nonce: Uint8Array | undefined,
    overrides: IssueOverrides,
  ): Promise<GrantedTimeStamp> {
    const genTime = overrides.genTime ?? (this.opts.clock ?? (() => new Date()))();
    if (Number.isNaN(genTime.getTime())) throw new Error('clock returned an invalid date');
    const serialNumber = overrides.serialNumber ?? (this.opts.serial ?? randomSerial)();
    if (serialNumber <= 0n || serialNumber >= 2n ** 159n)
      throw new Error('serial number must be positive and at most 160 bits');
    const accuracy = this.opts.accuracySeconds ?? 1;

    const fields = [
      integer(1),
      oid(this.policyOid),
      messageImprint,
      integer(serialNumber),
      generalizedTime(genTime),
    ];
    if (accuracy > 0) fields.push(seq(integer(accuracy)));
    // ordering is DEFAULT FALSE, so omitted (DER).
    if (nonce) fields.push(nonce);
    // tsa [0] GeneralName; directoryName [4] Name. Both explicit: GeneralName and Name are CHOICEs.
    if (this.opts.includeTsaName ?? true) fields.push(ctx(0, ctx(4, this.tsaName)));
    const tstInfo = seq(...fields);

    const token = await buildSignedData({
      signer: this.opts.signer,
      certificate: this.opts.certificate,
      certificates: includeCerts ? [this.opts.certificate, ...(this.opts.chain ?? [])] : [],
      eContentType: CMS_OID.tstInfo,
      eContent: tstInfo,
      contentDigest: sha256(tstInfo),
      signingTime: genTime,
    });
    return { granted: true, response: seq(statusInfo(0), token), token, serialNumber, genTime };
  }
}

export interface TimeStampResponseInfo {
  status: number;
  failureBits: number[];
  statusText?: string;
  tstInfo?: {
    policy: string;
    serialNumber: bigint;
    genTime: Date;
    hashAlgorithm: string;
    hashedMessage: Uint8Array;
    nonce?: bigint;
  };
}

/** Decodes a TimeStampResp (inspection only; signature checking is the verifier's job). */
export function readTimeStampResponse(der: Uint8Array): TimeStampResponseInfo {
  const resp = new pkijs.TimeStampResp({ schema: parseOne(der) });
  const failureBits: number[] = [];
  const fi = resp.status.failInfo;
  if (fi) {
    const bytes = fi.valueBlock.valueHexView;
    for (let i = 0; i < bytes.length * 8; i++)
      if (((bytes[Math.floor(i / 8)] as number) & (0x80 >> (i % 8))) !== 0) failureBits.push(i);
  }
  const info: TimeStampResponseInfo = { status: resp.status.status, failureBits };
  const text = resp.status.statusStrings?.map((s) => s.valueBlock.value).join(' ');
  if (text) info.statusText = text;
  if (resp.timeStampToken) {
    const sd = new pkijs.SignedData({ schema: resp.timeStampToken.content });
    const eContent = sd.encapContentInfo.eContent;
    if (!eContent) throw new Error('token has no TSTInfo');
    const tst = pkijs.TSTInfo.fromBER(eContent.getValue());
    info.tstInfo = {
      policy: tst.policy,
      serialNumber: tst.serialNumber.toBigInt(),
      genTime: tst.genTime,
      hashAlgorithm: tst.messageImprint.hashAlgorithm.algorithmId,
      hashedMessage: new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView),
    };
    if (tst.nonce) info.tstInfo.nonce = tst.nonce.toBigInt();
  }
  return info;
}
