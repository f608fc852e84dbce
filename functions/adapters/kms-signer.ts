import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { MAX_RAW_MESSAGE_BYTES, type Signer } from '../domain/evidence/signer.js';

/**
 * Signer backed by an AWS KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY).
 *
 * Signs with MessageType RAW: KMS computes SHA-256 itself for ECDSA_SHA_256, which is what the
 * domain expects (it hands over the TBS / signed-attribute bytes, never a digest). RAW also sidesteps
 * moto, whose DIGEST mode hashes the digest again and produces signatures nobody can verify.
 * KMS returns a DER ECDSA-Sig-Value, used unchanged in X.509 and CMS.
 *
 * The client is injected (made by adapters/aws.ts `kms()`), so nothing is created at import time.
 */
export class KmsSigner implements Signer {
  private publicKey?: Promise<Uint8Array>;

  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
  ) {}

  async sign(data: Uint8Array): Promise<Uint8Array> {
    if (data.length > MAX_RAW_MESSAGE_BYTES) {
      throw new Error(`KMS RAW signing accepts at most ${MAX_RAW_MESSAGE_BYTES} bytes, got ${data.length}`);
    }
    const out = await this.client.send(
      new SignCommand({
        KeyId: this.keyId,
        Message: data,
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!out.Signature || out.Signature.length === 0)
      throw new Error(`KMS returned no signature for ${this.keyId}`);
    return out.Signature;
  }

  /** DER SubjectPublicKeyInfo; fetched once per instance (a failed fetch is retried next call). */
  publicKeySpki(): Promise<Uint8Array> {
    this.publicKey ??= this.fetchPublicKey().catch((e: unknown) => {
      this.publicKey = undefined;
      throw e;
    });
    return this.publicKey.then((k) => k.slice());
  }

  private async fetchPublicKey(): Promise<Uint8Array> {
    const out = await this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
    if (!out.PublicKey) throw new Error(`KMS returned no public key for ${this.keyId}`);
    if (out.KeyUsage && out.KeyUsage !== 'SIGN_VERIFY')
      throw new Error(`KMS key ${this.keyId} is not a signing key`);
    if (out.SigningAlgorithms && !out.SigningAlgorithms.includes('ECDSA_SHA_256')) {
      throw new Error(`KMS key ${this.keyId} does not support ECDSA_SHA_256`);
    }
    return out.PublicKey;
  }
}
