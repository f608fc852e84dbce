import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { kms } from './aws.js';
import { containerState } from './container.js';
import { config } from './env.js';

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
  maxRecordsPerKey: config().IYS_DATA_KEY_MAX_RECORDS,
  maxKeyAgeMs: config().IYS_DATA_KEY_MAX_AGE_MS,
};

interface ActiveKey {
  plain: Buffer;
  /** The same key as a KeyObject: ciphers take it without copying and checking raw key bytes each time. */
  key: KeyObject;
  wrapped: Uint8Array;
  uses: number;
  at: number;
}

/** The running system's data keys: those in use for sealing, and those unwrapped for reading. */
const keys = containerState(() => ({
  active: new Map<string, Promise<ActiveKey>>(),
  unwrapped: new Map<string, { plain: Promise<Buffer>; at: number }>(),
}));
const maxUnwrapped = 2000;

function context(iysCode: number, brandCode: number): Record<string, string> {
  return { iysCode: String(iysCode), brandCode: String(brandCode) };
}

/** A data key for `uses` more records (one key serves a whole batch). */
async function dataKey(keyId: string, iysCode: number, brandCode: number, uses: number): Promise<ActiveKey> {
  const id = `${keyId}|${iysCode}|${brandCode}`;
  const { active } = keys();
  const current = active.get(id);
  if (current) {
    const k = await current;
    if (k.uses + uses <= limits.maxRecordsPerKey && Date.now() - k.at < limits.maxKeyAgeMs) {
      k.uses += uses;
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
        const plain = Buffer.from(r.Plaintext!);
        const k = { plain, key: createSecretKey(plain), wrapped: r.CiphertextBlob!, uses: 0, at: Date.now() };
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
  k.uses += uses;
  return k;
}

function wrappedId(wrapped: Uint8Array): string {
  return createHash('sha256').update(wrapped).digest('base64url');
}

function rememberUnwrapped(wrapped: Uint8Array, plain: Promise<Buffer>): void {
  const { unwrapped } = keys();
  if (unwrapped.size >= maxUnwrapped) {
    const oldest = unwrapped.keys().next().value;
    if (oldest !== undefined) unwrapped.delete(oldest);
  }
  unwrapped.set(wrappedId(wrapped), { plain, at: Date.now() });
}

async function unwrap(wrapped: Uint8Array, iysCode: number, brandCode: number): Promise<Buffer> {
  const id = wrappedId(wrapped);
  const { unwrapped } = keys();
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

export interface SealInput {
  /** Associated data: what the ciphertext is bound to (the movement's transactionId). */
  aad: string;
  plain: Uint8Array;
}

/** Seals one record under the provider brand's current data key. */
export async function seal(
  keyId: string,
  iysCode: number,
  brandCode: number,
  aad: string,
  plaintext: Uint8Array,
): Promise<Sealed> {
  const [sealed] = await sealMany(keyId, iysCode, brandCode, [{ aad, plain: plaintext }]);
  return sealed!;
}

/**
 * Seals many records with one data key (a batch never waits on KMS more than once), each with its own IV.
 * A batch larger than a key's record budget takes several keys.
 */
export async function sealMany(
  keyId: string,
  iysCode: number,
  brandCode: number,
  records: SealInput[],
): Promise<Sealed[]> {
  const out: Sealed[] = new Array(records.length);
  for (let from = 0; from < records.length; from += limits.maxRecordsPerKey) {
    const to = Math.min(records.length, from + limits.maxRecordsPerKey);
    const k = await dataKey(keyId, iysCode, brandCode, to - from);
    for (let i = from; i < to; i++) {
      const r = records[i]!;
      out[i] = { dk: k.wrapped, ct: sealWith(k.key, r.aad, r.plain) };
    }
  }
  return out;
}

/** iv ‖ ciphertext ‖ tag in one buffer. */
function sealWith(key: KeyObject, aad: string, plain: Uint8Array): Buffer {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = cipher.update(plain);
  cipher.final(); // GCM is a stream mode: nothing is held back
  const ct = Buffer.allocUnsafe(12 + body.length + 16);
  iv.copy(ct, 0);
  body.copy(ct, 12);
  cipher.getAuthTag().copy(ct, 12 + body.length);
  return ct;
}

export async function open(sealed: Sealed, iysCode: number, brandCode: number, aad: string): Promise<Buffer> {
  const key = await unwrap(sealed.dk, iysCode, brandCode);
  const ct = Buffer.from(sealed.ct);
  const decipher = createDecipheriv('aes-256-gcm', key, ct.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(ct.subarray(ct.length - 16));
  return Buffer.concat([decipher.update(ct.subarray(12, ct.length - 16)), decipher.final()]);
}
