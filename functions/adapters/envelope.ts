import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { kms } from './aws.js';

/**
 * Envelope encryption of consent records under the provider's own KMS key: AES-256-GCM with data keys
 * from GenerateDataKey (encryption context {iysCode, brandCode}). A data key is reused for a bounded
 * number of records and time, so KMS is called per batch, not per record; unwrapped keys are cached for
 * reading. The associated data binds each ciphertext to its movement (transactionId).
 *
 * Why not the AWS Encryption SDK: its message header (wrapped key, context, algorithm suite) adds several
 * hundred bytes to every item, which doubles the write units of a consent; the same guarantees here cost
 * 12 + 16 bytes plus one wrapped key per item. See docs/data-model.md.
 */
export interface Sealed {
  /** The KMS-wrapped data key. */
  dk: Uint8Array;
  /** iv (12) ‖ ciphertext ‖ tag (16). */
  ct: Uint8Array;
}

export interface EnvelopeLimits {
  maxRecordsPerKey: number;
  maxKeyAgeMs: number;
}

const limits: EnvelopeLimits = {
  maxRecordsPerKey: Number(process.env.IYS_DATA_KEY_MAX_RECORDS ?? 100_000),
  maxKeyAgeMs: Number(process.env.IYS_DATA_KEY_MAX_AGE_MS ?? 300_000),
};

interface ActiveKey {
  plain: Buffer;
  wrapped: Uint8Array;
  uses: number;
  at: number;
}

const active = new Map<string, Promise<ActiveKey>>();
const unwrapped = new Map<string, { plain: Promise<Buffer>; at: number }>();
const maxUnwrapped = 2000;

function context(iysCode: number, brandCode: number): Record<string, string> {
  return { iysCode: String(iysCode), brandCode: String(brandCode) };
}

async function dataKey(keyId: string, iysCode: number, brandCode: number): Promise<ActiveKey> {
  const id = `${keyId}|${iysCode}|${brandCode}`;
  const current = active.get(id);
  if (current) {
    const k = await current;
    if (k.uses < limits.maxRecordsPerKey && Date.now() - k.at < limits.maxKeyAgeMs) {
      k.uses++;
      return k;
    }
    if (active.get(id) === current) active.delete(id);
  }
  let next = active.get(id);
  if (!next) {
    next = kms()
      .send(
        new GenerateDataKeyCommand({
          KeyId: keyId,
          KeySpec: 'AES_256',
          EncryptionContext: context(iysCode, brandCode),
        }),
      )
      .then((r) => {
        const k = { plain: Buffer.from(r.Plaintext!), wrapped: r.CiphertextBlob!, uses: 0, at: Date.now() };
        rememberUnwrapped(k.wrapped, Promise.resolve(k.plain));
        return k;
      })
      .catch((e) => {
        active.delete(id);
        throw e;
      });
    active.set(id, next);
  }
  const k = await next;
  k.uses++;
  return k;
}

function wrappedId(wrapped: Uint8Array): string {
  return createHash('sha256').update(wrapped).digest('base64url');
}

function rememberUnwrapped(wrapped: Uint8Array, plain: Promise<Buffer>): void {
  if (unwrapped.size >= maxUnwrapped) {
    const oldest = unwrapped.keys().next().value;
    if (oldest !== undefined) unwrapped.delete(oldest);
  }
  unwrapped.set(wrappedId(wrapped), { plain, at: Date.now() });
}

async function unwrap(wrapped: Uint8Array, iysCode: number, brandCode: number): Promise<Buffer> {
  const id = wrappedId(wrapped);
  const hit = unwrapped.get(id);
  if (hit && Date.now() - hit.at < limits.maxKeyAgeMs * 4) return hit.plain;
  const plain = kms()
    .send(new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: context(iysCode, brandCode) }))
    .then((r) => Buffer.from(r.Plaintext!));
  plain.catch(() => unwrapped.delete(id));
  rememberUnwrapped(wrapped, plain);
  return plain;
}

/** Random 96-bit IVs, drawn from the CSPRNG in blocks (one system call per 1,024 records, not per record). */
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function nextIv(): Buffer {
  if (ivOffset + 12 > ivPool.length) {
    ivPool = randomBytes(12 * 1024);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + 12);
  ivOffset += 12;
  return iv;
}

export async function seal(
  keyId: string,
  iysCode: number,
  brandCode: number,
  aad: string,
  plaintext: Uint8Array,
): Promise<Sealed> {
  const k = await dataKey(keyId, iysCode, brandCode);
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', k.plain, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { dk: k.wrapped, ct: Buffer.concat([iv, body, cipher.getAuthTag()]) };
}

export async function open(sealed: Sealed, iysCode: number, brandCode: number, aad: string): Promise<Buffer> {
  const key = await unwrap(sealed.dk, iysCode, brandCode);
  const ct = Buffer.from(sealed.ct);
  const decipher = createDecipheriv('aes-256-gcm', key, ct.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(ct.subarray(ct.length - 16));
  return Buffer.concat([decipher.update(ct.subarray(12, ct.length - 16)), decipher.final()]);
}

/** Tests and the benchmark: forget cached keys (e.g. between emulator resets). */
export function clearEnvelopeCache(): void {
  active.clear();
  unwrapped.clear();
}
