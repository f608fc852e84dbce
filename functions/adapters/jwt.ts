import { createPublicKey, type KeyObject, randomUUID, verify } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand } from '@aws-sdk/client-kms';
import { kms } from './aws.js';
import { containerState } from './container.js';
import { env } from './env.js';

/**
 * Tokens are ES256 JWTs signed by the registry's KMS token key (Sign, RAW message, ECDSA_SHA_256).
 * Verification needs no KMS call per request: the public key is fetched once per cold start and cached.
 */
const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** KMS returns a DER ECDSA-Sig-Value; JWS wants r‖s, 32 bytes each. */
export function derToJose(der: Uint8Array): Buffer {
  const buf = Buffer.from(der);
  let off = 2;
  if (buf[1]! & 0x80) off = 2 + (buf[1]! & 0x7f);
  const readInt = () => {
    if (buf[off] !== 0x02) throw new Error('bad DER signature');
    const len = buf[off + 1]!;
    let v = buf.subarray(off + 2, off + 2 + len);
    off += 2 + len;
    while (v.length > 32 && v[0] === 0) v = v.subarray(1);
    const out = Buffer.alloc(32);
    v.copy(out, 32 - v.length);
    return out;
  };
  return Buffer.concat([readInt(), readInt()]);
}

export async function signJwt(claims: object, keyId = env.tokenSigningKey()): Promise<string> {
  const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid: keyId }));
  const payload = b64url(JSON.stringify(claims));
  const input = `${header}.${payload}`;
  const out = await kms().send(
    new SignCommand({
      KeyId: keyId,
      Message: Buffer.from(input),
      MessageType: 'RAW',
      SigningAlgorithm: 'ECDSA_SHA_256',
    }),
  );
  if (!out.Signature) throw new Error('KMS returned no signature');
  return `${input}.${b64url(derToJose(out.Signature))}`;
}

/** The token signing key's public half, fetched once per running system. */
const verifyingKey = containerState(() => ({ key: undefined as Promise<KeyObject> | undefined }));

async function publicKey(): Promise<KeyObject> {
  const held = verifyingKey();
  held.key ??= kms()
    .send(new GetPublicKeyCommand({ KeyId: env.tokenSigningKey() }))
    .then((r) => {
      if (!r.PublicKey) throw new Error('KMS returned no public key');
      return createPublicKey({ key: Buffer.from(r.PublicKey), format: 'der', type: 'spki' });
    })
    .catch((e) => {
      held.key = undefined;
      throw e;
    });
  return held.key;
}

/** Returns the payload when the signature is ours; time rules are checked by the caller. */
export async function verifyJwt<T>(token: string): Promise<T | undefined> {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  let header: { alg?: string };
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (header.alg !== 'ES256') return undefined;
  const sig = Buffer.from(s, 'base64url');
  if (sig.length !== 64) return undefined;
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key: await publicKey(), dsaEncoding: 'ieee-p1363' },
    sig,
  );
  if (!ok) return undefined;
  try {
    return JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

export const newTokenId = () => randomUUID();
