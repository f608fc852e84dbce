import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isCurrent, tokenIssuer } from '../domain/identity.js';
import { documents } from './aws.js';
import { blindIndex, registryIndexSecret } from './blind-index.js';
import { containerState } from './container.js';
import { env } from './env.js';
import { newTokenId, signJwt, verifyJwt } from './jwt.js';

/**
 * Recipient sessions and one-time codes.
 *
 * Session token (decision, docs/citizen.md): an ES256 JWT signed by the registry token key (one KMS Sign per
 * session) with claims {typ:'citizen', sub: registry blind index of the address, adr: the address sealed
 * with AES-256-GCM under a key derived (HKDF) from the registry index secret, iat, exp, jti}. The token is
 * self-contained: verifying it needs the cached public key and the cached registry secret, no database
 * or KMS call per request, and nothing readable about the address travels in it. It cannot act as an
 * access token (typ differs) and lives 15 minutes.
 *
 * One-time codes: Registry item OTP#{registry index}: HMAC of the code (never the code), expiry, tries.
 */
export interface CitizenClaims {
  iss: string;
  typ: 'citizen';
  sub: string;
  adr: string;
  iat: number;
  exp: number;
  jti: string;
}

const derivedKeys = containerState(() => ({
  derived: undefined as Promise<{ seal: Buffer; otp: Buffer }> | undefined,
}));
function keys() {
  const held = derivedKeys();
  held.derived ??= registryIndexSecret()
    .then((s) => ({
      seal: Buffer.from(hkdfSync('sha256', s, Buffer.alloc(0), 'iys citizen address seal', 32)),
      otp: Buffer.from(hkdfSync('sha256', s, Buffer.alloc(0), 'iys citizen one-time code', 32)),
    }))
    .catch((e) => {
      held.derived = undefined;
      throw e;
    });
  return held.derived;
}

/** The registry-wide blind index of a normalised address (the recipient index of the Consents table). */
export async function registryIndexOf(address: string): Promise<string> {
  return blindIndex(await registryIndexSecret(), address);
}

/** Seals an address (or any short text) for storage or a token: base64url(iv ‖ ct ‖ tag), bound to `purpose`. */
export async function sealText(text: string, purpose: string): Promise<string> {
  const { seal } = await keys();
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', seal, iv);
  c.setAAD(Buffer.from(purpose));
  const ct = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return Buffer.concat([iv, ct, c.getAuthTag()]).toString('base64url');
}

export async function openText(sealed: string, purpose: string): Promise<string | undefined> {
  const { seal } = await keys();
  try {
    const b = Buffer.from(sealed, 'base64url');
    if (b.length < 29) return undefined;
    const d = createDecipheriv('aes-256-gcm', seal, b.subarray(0, 12));
    d.setAAD(Buffer.from(purpose));
    d.setAuthTag(b.subarray(b.length - 16));
    return Buffer.concat([d.update(b.subarray(12, b.length - 16)), d.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

export async function issueSession(
  address: string,
  nowSeconds: number,
  lifetimeSeconds: number,
): Promise<{ token: string; expiresAt: number }> {
  const claims: CitizenClaims = {
    iss: tokenIssuer,
    typ: 'citizen',
    sub: await registryIndexOf(address),
    adr: await sealText(address, 'session'),
    iat: nowSeconds,
    exp: nowSeconds + lifetimeSeconds,
    jti: newTokenId(),
  };
  return { token: await signJwt(claims), expiresAt: claims.exp };
}

/** The verified address and its registry index, or undefined for a bad, expired or foreign token. */
export async function verifySession(
  token: string,
  nowSeconds: number,
): Promise<{ recipient: string; ridx: string; jti: string } | undefined> {
  const c = await verifyJwt<CitizenClaims>(token);
  if (c?.typ !== 'citizen' || c.iss !== tokenIssuer || typeof c.adr !== 'string') return undefined;
  if (typeof c.exp !== 'number' || typeof c.iat !== 'number' || !isCurrent(c, nowSeconds)) return undefined;
  const recipient = await openText(c.adr, 'session');
  if (!recipient || (await registryIndexOf(recipient)) !== c.sub) return undefined;
  return { recipient, ridx: c.sub, jti: c.jti };
}

// ---- one-time codes -------------------------------------------------------------------------------

const otpKey = (ridx: string) => ({ pk: `OTP#${ridx}`, sk: '#' });

export interface OtpItem {
  codeMac: string;
  createdAt: number;
  expiresAt: number;
  tries: number;
}

async function codeMac(ridx: string, code: string): Promise<string> {
  const { otp } = await keys();
  return createHmac('sha256', otp).update(`${ridx}|${code}`).digest('base64url');
}

export function newCode(digits: number): string {
  return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
}

export async function getOtp(ridx: string): Promise<OtpItem | undefined> {
  const r = await documents().send(
    new GetCommand({ TableName: env.registryTable(), Key: otpKey(ridx), ConsistentRead: true }),
  );
  return r.Item as OtpItem | undefined;
}

/** Stores a new code for the address, replacing any earlier one (its tries start again at 0). */
export async function putOtp(
  ridx: string,
  code: string,
  nowSeconds: number,
  ttlSeconds: number,
): Promise<void> {
  await documents().send(
    new PutCommand({
      TableName: env.registryTable(),
      Item: {
        ...otpKey(ridx),
        kind: 'OTP',
        codeMac: await codeMac(ridx, code),
        createdAt: nowSeconds,
        expiresAt: nowSeconds + ttlSeconds,
        tries: 0,
      },
    }),
  );
}

/**
 * Checks a code: the try is counted first (atomically, refused once `maxTries` are used or the code has
 * expired), then compared in constant time; a right code is consumed (deleted, conditionally, so it works
 * once). Every failure looks the same to the caller.
 */
export async function checkOtp(
  ridx: string,
  code: string,
  nowSeconds: number,
  maxTries: number,
): Promise<boolean> {
  let item: OtpItem;
  try {
    const r = await documents().send(
      new UpdateCommand({
        TableName: env.registryTable(),
        Key: otpKey(ridx),
        UpdateExpression: 'ADD tries :one',
        ConditionExpression: 'attribute_exists(pk) AND tries < :max AND expiresAt > :now',
        ExpressionAttributeValues: { ':one': 1, ':max': maxTries, ':now': nowSeconds },
        ReturnValues: 'ALL_NEW',
      }),
    );
    item = r.Attributes as OtpItem;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
  const want = Buffer.from(item.codeMac);
  const got = Buffer.from(await codeMac(ridx, code));
  if (want.length !== got.length || !timingSafeEqual(want, got)) return false;
  try {
    await documents().send(
      new DeleteCommand({
        TableName: env.registryTable(),
        Key: otpKey(ridx),
        ConditionExpression: 'codeMac = :m',
        ExpressionAttributeValues: { ':m': item.codeMac },
      }),
    );
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false; // used concurrently
    throw e;
  }
  return true;
}
