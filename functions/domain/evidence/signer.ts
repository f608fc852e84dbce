import { createPublicKey, generateKeyPairSync, type KeyObject, sign as nodeSign } from 'node:crypto';

/**
 * The one port every evidence artefact (certificate, CMS signature, time-stamp token) is signed
 * through. The contract is exactly AWS KMS `Sign` with `MessageType=RAW` and
 * `SigningAlgorithm=ECDSA_SHA_256`: the signer hashes `data` with SHA-256 itself and returns a DER
 * `ECDSA-Sig-Value` (SEQUENCE { r INTEGER, s INTEGER }), which is the encoding X.509 and CMS carry
 * unchanged. Keys are P-256.
 */
export interface Signer {
  /** DER ECDSA-Sig-Value over SHA-256(data). `data` is at most 4096 bytes (the KMS RAW limit). */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** DER SubjectPublicKeyInfo of the signing key. */
  publicKeySpki(): Promise<Uint8Array>;
}

/** KMS refuses RAW messages above 4 KiB; everything we sign (TBS, signed attributes) is far smaller. */
export const MAX_RAW_MESSAGE_BYTES = 4096;

/**
 * An in-process signer (tests, benchmarks, local runs). Generates a fresh P-256 key unless one is
 * given. Enforces the same 4 KiB limit as KMS so tests catch oversize inputs early.
 */
export function createNodeSigner(privateKey?: KeyObject): Signer & { privateKey: KeyObject } {
  const key = privateKey ?? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ec') {
    throw new Error('createNodeSigner needs an EC private key');
  }
  const spki = new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
  return {
    privateKey: key,
    async sign(data: Uint8Array): Promise<Uint8Array> {
      if (data.length > MAX_RAW_MESSAGE_BYTES) {
        throw new Error(
          `message of ${data.length} bytes exceeds the ${MAX_RAW_MESSAGE_BYTES}-byte RAW limit`,
        );
      }
      return new Uint8Array(nodeSign('sha256', data, { key, dsaEncoding: 'der' }));
    },
    async publicKeySpki(): Promise<Uint8Array> {
      return spki.slice();
    },
  };
}
