import type { listProviderUsers, nextCode, updateUser } from '../adapters/application-store.js';
import type { BrandItem, UserItem } from '../adapters/registry-store.js';
import { IysError } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import type { UserUseCases } from './onboarding.js';

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

/** What a provider's administration reaches: its brands, its users, the registry's code sequence. */
export interface AdminPorts {
  now(): Date;
  brands(iysCode: number): Promise<BrandItem[]>;
  /** The registry's next free code (brands, providers). */
  nextCode: typeof nextCode;
  /** false when the brand code is taken. */
  putBrand(b: BrandItem): Promise<boolean>;
  indexShortNames(b: { iysCode: number; brandCode: number; shortNames?: string[] }): Promise<void>;
  /** A change made here is seen at once by this container's look-ups. */
  forgetBrands(): void;
  providerUsers: typeof listProviderUsers;
  user(username: string): Promise<UserItem | undefined>;
  createUser: UserUseCases['createUser'];
  updateUser: typeof updateUser;
  hashPassword(password: string): Promise<string>;
}

export function adminUseCases(ports: AdminPorts) {
  async function createBrand(
    iysCode: number,
    b: { name: string; trademarkNo?: string | undefined; shortNames?: string[] | undefined },
  ): Promise<{ brandCode: number }> {
    const shortNames = b.shortNames ?? [];
    if (shortNames.length > MAX_SHORT_NAMES || !shortNames.every((s) => SHORT_NAME.test(s)))
      throw IysError.of('X028', { location: ['shortNames'], value: shortNames });
    const existing = await ports.brands(iysCode);
    if (existing.some((x) => x.name.toLocaleLowerCase('tr') === b.name.toLocaleLowerCase('tr')))
      throw IysError.of('X029', { location: ['name'], value: b.name });
    for (let attempt = 0; attempt < 5; attempt++) {
      const brandCode = await ports.nextCode();
      const ok = await ports.putBrand({
        iysCode,
        brandCode,
        name: b.name,
        master: false,
        shortNames,
        stats: { approval: 0, rejection: 0, total: 0, retailers: 0 },
      });
      if (!ok) continue; // the code was used by a seed: take the next one
      await ports.indexShortNames({ iysCode, brandCode, shortNames });
      ports.forgetBrands();
      return { brandCode };
    }
    throw IysError.of('X010');
  }

  async function listUsers(iysCode: number) {
    return (await ports.providerUsers(iysCode)).map((u) => ({
      username: u.username,
      disabled: Boolean(u.disabled),
      owner: Boolean(u.owner),
    }));
  }

  async function createProviderUser(iysCode: number, u: { username: string; password: string }) {
    if (!acceptablePassword(u.password)) throw IysError.of('X030', { location: ['password'] });
    if (!(await ports.createUser({ username: u.username, password: u.password, actor: 'HS', iysCode })))
      throw IysError.of('X027', { location: ['username'], value: u.username });
    return { username: u.username };
  }

  /** The user must belong to the provider in the path (H031 otherwise: no hint that it exists elsewhere). */
  async function ownUser(iysCode: number, username: string) {
    const user = await ports.user(username);
    if (user?.actor !== 'HS' || user.iysCode !== iysCode)
      throw IysError.of('H031', { vars: { username }, location: ['username'], value: username });
    return user;
  }

  /**
   * Disables (or enables again) a user: it can no longer get tokens or refresh them, and its tokens already
   * issued are refused within 60 s (a new token version: docs/identity.md). Enabling it again does not bring
   * them back.
   */
  async function setUserDisabled(iysCode: number, username: string, disabled: boolean, by: Identity) {
    const user = await ownUser(iysCode, username);
    if (disabled && by.username === username)
      throw IysError.of('X008', { location: ['username'], value: username });
    await ports.updateUser(username, {
      disabled,
      ...(disabled ? { tokenVersion: Math.max(ports.now().getTime(), (user.tokenVersion ?? 0) + 1) } : {}),
    });
    return { username, disabled };
  }

  /** A new password ends every token issued before it: refresh tokens at once (they carry the password and token
   * versions they were issued under), access tokens within 60 s (the token version: docs/identity.md). */
  async function setUserPassword(username: string, password: string): Promise<void> {
    const version = ports.now().getTime();
    await ports.updateUser(username, {
      passwordHash: await ports.hashPassword(password),
      passwordVersion: version,
      tokenVersion: version,
    });
  }

  async function rotatePassword(iysCode: number, username: string, password: string) {
    await ownUser(iysCode, username);
    if (!acceptablePassword(password)) throw IysError.of('X030', { location: ['password'] });
    await setUserPassword(username, password);
    return { username, rotated: true };
  }

  return { createBrand, listUsers, createProviderUser, setUserDisabled, setUserPassword, rotatePassword };
}

export type AdminUseCases = ReturnType<typeof adminUseCases>;
