import * as apps from '../adapters/application-store.js';
import { clock } from '../adapters/clock.js';
import { forgetDirectory } from '../adapters/directory.js';
import { hashPassword } from '../adapters/passwords.js';
import * as registry from '../adapters/registry-store.js';
import { indexShortNames } from '../adapters/short-names.js';
import { IysError } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import { createUser } from './onboarding.js';

/**
 * A provider's own administration: sub-brands for registered trademarks (each with separate consents and
 * up to 3 SMS short names), API users (create, disable, rotate passwords). Callers are the provider's HS
 * users or an OPERATOR (checked by the operations' rights: H363/H353).
 */
export const SHORT_NAME = /^[A-Z0-9]{2,11}$/;
export const MAX_SHORT_NAMES = 3;

/** A password chosen by a person: at least 10 characters with a letter and a digit (X030). */
export function acceptablePassword(p: string): boolean {
  return p.length >= 10 && p.length <= 128 && /\p{L}/u.test(p) && /\d/.test(p);
}

export async function createBrand(
  iysCode: number,
  b: { name: string; trademarkNo?: string | undefined; shortNames?: string[] | undefined },
): Promise<{ brandCode: number }> {
  const shortNames = b.shortNames ?? [];
  if (shortNames.length > MAX_SHORT_NAMES || !shortNames.every((s) => SHORT_NAME.test(s)))
    throw IysError.of('X028', { location: ['shortNames'], value: shortNames });
  const existing = await registry.listBrands(iysCode);
  if (existing.some((x) => x.name.toLocaleLowerCase('tr') === b.name.toLocaleLowerCase('tr')))
    throw IysError.of('X029', { location: ['name'], value: b.name });
  for (let attempt = 0; attempt < 5; attempt++) {
    const brandCode = await apps.nextCode();
    const ok = await registry.createBrand({
      iysCode,
      brandCode,
      name: b.name,
      master: false,
      shortNames,
      stats: { approval: 0, rejection: 0, total: 0, retailers: 0 },
    });
    if (!ok) continue; // the code was used by a seed: take the next one
    await indexShortNames({ iysCode, brandCode, shortNames });
    forgetDirectory();
    return { brandCode };
  }
  throw IysError.of('X010');
}

export async function listUsers(iysCode: number) {
  return (await apps.listProviderUsers(iysCode)).map((u) => ({
    username: u.username,
    disabled: Boolean(u.disabled),
    owner: Boolean(u.owner),
  }));
}

export async function createProviderUser(iysCode: number, u: { username: string; password: string }) {
  if (!acceptablePassword(u.password)) throw IysError.of('X030', { location: ['password'] });
  if (!(await createUser({ username: u.username, password: u.password, actor: 'HS', iysCode })))
    throw IysError.of('X027', { location: ['username'], value: u.username });
  return { username: u.username };
}

/** The user must belong to the provider in the path (H031 otherwise: no hint that it exists elsewhere). */
async function ownUser(iysCode: number, username: string) {
  const user = await registry.getUser(username);
  if (user?.actor !== 'HS' || user.iysCode !== iysCode)
    throw IysError.of('H031', { vars: { username }, location: ['username'], value: username });
  return user;
}

/**
 * Disables (or enables again) a user: it can no longer get tokens or refresh them, and its tokens already
 * issued are refused within 60 s (a new token version: docs/identity.md). Enabling it again does not bring
 * them back.
 */
export async function setUserDisabled(iysCode: number, username: string, disabled: boolean, by: Identity) {
  const user = await ownUser(iysCode, username);
  if (disabled && by.username === username)
    throw IysError.of('X008', { location: ['username'], value: username });
  await apps.updateUser(username, {
    disabled,
    ...(disabled ? { tokenVersion: Math.max(clock.now().getTime(), (user.tokenVersion ?? 0) + 1) } : {}),
  });
  return { username, disabled };
}

/** A new password ends every token issued before it: refresh tokens at once (they carry the password and token
 * versions they were issued under), access tokens within 60 s (the token version: docs/identity.md). */
export async function setUserPassword(username: string, password: string): Promise<void> {
  const version = clock.now().getTime();
  await apps.updateUser(username, {
    passwordHash: await hashPassword(password),
    passwordVersion: version,
    tokenVersion: version,
  });
}

export async function rotatePassword(iysCode: number, username: string, password: string) {
  await ownUser(iysCode, username);
  if (!acceptablePassword(password)) throw IysError.of('X030', { location: ['password'] });
  await setUserPassword(username, password);
  return { username, rotated: true };
}
