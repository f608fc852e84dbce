import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { config } from './env.js';

/**
 * Passwords are stored only as a slow, salted scrypt hash: `scrypt$N$r$p$salt$hash` (base64).
 * N = 2^15 by default (about 32 MiB and tens of milliseconds per check).
 */
const defaultN = config().IYS_SCRYPT_N;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, 32, { N, r, p, maxmem: 256 * N * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const N = defaultN;
  const key = await derive(password, salt, N, 8, 1);
  return `scrypt$${N}$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  // Unknown users still pay for one derivation so timing does not reveal which usernames exist.
  const parts = (stored ?? `scrypt$${defaultN}$8$1$${Buffer.alloc(16).toString('base64')}$`).split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  const expected = Buffer.from(hash, 'base64');
  return stored !== undefined && expected.length === key.length && timingSafeEqual(expected, key);
}
