import { describe, expect, it } from 'vitest';
import { acceptablePassword, adminUseCases } from '../../../functions/app/admin.js';
import { userUseCases } from '../../../functions/app/onboarding.js';
import type { Identity } from '../../../functions/domain/identity.js';
import { fakeClock, fakeHash, fakeUsers } from './identity-fakes.js';
import { fakeRegistry } from './onboarding-fakes.js';
import { refusal } from './refusal.js';

const now = '2026-11-25T10:00:00Z';
const nowMs = Date.parse(now);

/** A provider's administration over the fake registry and users; codes come from a sequence the test sets. */
function setup(codes: number[] = [710_001, 710_002]) {
  const clock = fakeClock(now);
  const registry = fakeRegistry();
  const users = fakeUsers([
    { username: 'ornek-api', passwordHash: 'hash:old', actor: 'HS', iysCode: 700001, tokenVersion: 4 },
    { username: 'ornek-yonetici', passwordHash: 'hash:o', actor: 'HS', iysCode: 700001 },
    { username: 'baska-api', passwordHash: 'hash:b', actor: 'HS', iysCode: 700002 },
    { username: 'operator', passwordHash: 'hash:op', actor: 'OPERATOR' },
  ]);
  registry.brands.set('700001:700001', {
    iysCode: 700001,
    brandCode: 700001,
    name: 'Örnek',
    master: true,
    shortNames: [],
  });
  const calls = { forgotten: 0, codes: 0 };
  const sequence = [...codes];
  const uc = adminUseCases({
    now: clock.now,
    brands: async (iysCode) => [...registry.brands.values()].filter((b) => b.iysCode === iysCode),
    nextCode: async () => {
      calls.codes++;
      return sequence.shift() ?? 799_999;
    },
    putBrand: registry.ports.putBrand,
    indexShortNames: registry.ports.indexShortNames,
    forgetBrands: () => {
      calls.forgotten++;
    },
    providerUsers: async (iysCode) =>
      [...users.users.values()]
        .filter((u) => u.iysCode === iysCode)
        .map((u) => ({ ...u }))
        .sort((a, b) => a.username.localeCompare(b.username)),
    user: users.user,
    createUser: userUseCases({ user: users.user, putUser: users.putUser, hashPassword: fakeHash }).createUser,
    updateUser: users.updateUser,
    hashPassword: fakeHash,
  });
  return { uc, registry, users, calls, clock };
}

const hs: Identity = { username: 'ornek-yonetici', kind: 'HS', iysCode: 700001 };

describe('createBrand', () => {
  it('creates a sub-brand under the next code, indexes its short names and drops the cached look-ups', async () => {
    const { uc, registry, calls } = setup();
    expect(await uc.createBrand(700001, { name: 'Örnek Market', shortNames: ['ORNEKM', 'M2'] })).toEqual({
      brandCode: 710_001,
    });
    expect(registry.brands.get('700001:710001')).toEqual({
      iysCode: 700001,
      brandCode: 710_001,
      name: 'Örnek Market',
      master: false,
      shortNames: ['ORNEKM', 'M2'],
      stats: { approval: 0, rejection: 0, total: 0, retailers: 0 },
    });
    expect(Object.fromEntries(registry.shortNames)).toEqual({
      ORNEKM: { iysCode: 700001, brandCode: 710_001 },
      M2: { iysCode: 700001, brandCode: 710_001 },
    });
    expect(calls.forgotten).toBe(1);
    expect(await uc.createBrand(700001, { name: 'Örnek Kafe' })).toEqual({ brandCode: 710_002 });
    expect(registry.brands.get('700001:710002')!.shortNames).toEqual([]);
  });

  it('takes the next code when one is used already (a seed’s), and gives up after five (X010)', async () => {
    const taken = setup([700001, 710_005]);
    expect(await taken.uc.createBrand(700001, { name: 'Yeni' })).toEqual({ brandCode: 710_005 });
    expect(taken.calls.codes).toBe(2);
    const full = setup([700001, 700001, 700001, 700001, 700001, 710_009]);
    expect(await refusal(full.uc.createBrand(700001, { name: 'Yeni' }))).toMatchObject({ codes: ['X010'] });
    expect(full.calls.codes).toBe(5);
    expect(full.calls.forgotten).toBe(0);
  });

  it('refuses more than three short names or a malformed one (X028), and a name the provider has (X029, Turkish case)', async () => {
    const { uc, registry, calls } = setup();
    for (const shortNames of [['A1', 'B2', 'C3', 'D4'], ['ornek'], ['A'], ['ABCDEFGHIJKL'], ['ÖRNEK']])
      expect(await refusal(uc.createBrand(700001, { name: 'X', shortNames }))).toMatchObject({
        codes: ['X028'],
      });
    expect(await refusal(uc.createBrand(700001, { name: 'örnek' }))).toMatchObject({ codes: ['X029'] });
    // "I" lower-cases to "ı" in Turkish: "ISTANBUL" and "ıstanbul" are one name.
    await uc.createBrand(700001, { name: 'ISTANBUL' });
    expect(await refusal(uc.createBrand(700001, { name: 'ıstanbul' }))).toMatchObject({ codes: ['X029'] });
    // Another provider may use the name.
    await expect(uc.createBrand(700002, { name: 'Örnek' })).resolves.toHaveProperty('brandCode');
    expect(registry.brands.size).toBe(3);
    expect(calls.codes).toBe(2);
  });
});

describe('users', () => {
  it('lists the provider’s own users with their flags', async () => {
    const { uc, users } = setup();
    await users.updateUser('ornek-yonetici', { owner: true });
    await users.updateUser('ornek-api', { disabled: true });
    expect(await uc.listUsers(700001)).toEqual([
      { username: 'ornek-api', disabled: true, owner: false },
      { username: 'ornek-yonetici', disabled: false, owner: true },
    ]);
    expect(await uc.listUsers(799_999)).toEqual([]);
  });

  it('creates an HS user of the provider; a weak password is X030, a taken username X027', async () => {
    const { uc, users } = setup();
    expect(await uc.createProviderUser(700001, { username: 'ornek-3', password: 'uzun-sifre-3' })).toEqual({
      username: 'ornek-3',
    });
    expect(users.users.get('ornek-3')).toEqual({
      username: 'ornek-3',
      passwordHash: 'hash:uzun-sifre-3',
      actor: 'HS',
      iysCode: 700001,
    });
    expect(await refusal(uc.createProviderUser(700001, { username: 'ornek-4', password: 'kisa1' }))).toEqual({
      status: 422,
      codes: ['X030'],
    });
    expect(users.users.has('ornek-4')).toBe(false);
    expect(
      await refusal(uc.createProviderUser(700001, { username: 'baska-api', password: 'uzun-sifre-3' })),
    ).toMatchObject({ codes: ['X027'] });
    expect(users.users.get('baska-api')!.iysCode).toBe(700002);
  });

  it('an acceptable password has 10 to 128 characters with a letter and a digit', () => {
    expect(acceptablePassword('abcdefghi1')).toBe(true);
    expect(acceptablePassword('şifreşifre9')).toBe(true);
    expect(acceptablePassword('abcdefgh1')).toBe(false);
    expect(acceptablePassword('abcdefghij')).toBe(false);
    expect(acceptablePassword('1234567890')).toBe(false);
    expect(acceptablePassword(`a${'1'.repeat(127)}`)).toBe(true);
    expect(acceptablePassword(`a${'1'.repeat(128)}`)).toBe(false);
  });

  it('disabling gives a new token version (the time, or one more than the last if that is later); enabling keeps it', async () => {
    const { uc, users } = setup();
    expect(await uc.setUserDisabled(700001, 'ornek-api', true, hs)).toEqual({
      username: 'ornek-api',
      disabled: true,
    });
    expect(users.users.get('ornek-api')).toMatchObject({ disabled: true, tokenVersion: nowMs });
    expect(await uc.setUserDisabled(700001, 'ornek-api', false, hs)).toEqual({
      username: 'ornek-api',
      disabled: false,
    });
    expect(users.users.get('ornek-api')).toMatchObject({ disabled: false, tokenVersion: nowMs });
    // Disabled again within the same millisecond: still a new version.
    await uc.setUserDisabled(700001, 'ornek-api', true, hs);
    expect(users.users.get('ornek-api')!.tokenVersion).toBe(nowMs + 1);
  });

  it('a user may not disable itself (X008), but may enable itself; another provider’s or a non-HS user is H031', async () => {
    const { uc, users } = setup();
    expect(await refusal(uc.setUserDisabled(700001, 'ornek-yonetici', true, hs))).toMatchObject({
      codes: ['X008'],
    });
    await expect(uc.setUserDisabled(700001, 'ornek-yonetici', false, hs)).resolves.toEqual({
      username: 'ornek-yonetici',
      disabled: false,
    });
    for (const name of ['baska-api', 'operator', 'nobody'])
      expect(await refusal(uc.setUserDisabled(700001, name, true, hs))).toMatchObject({ codes: ['H031'] });
    expect(users.users.get('baska-api')!.disabled).toBeUndefined();
  });

  it('a new password is stored hashed and gives new password and token versions (its earlier tokens end)', async () => {
    const { uc, users, clock } = setup();
    clock.advance(5000);
    expect(await uc.rotatePassword(700001, 'ornek-api', 'yeni-sifre-12')).toEqual({
      username: 'ornek-api',
      rotated: true,
    });
    expect(users.users.get('ornek-api')).toMatchObject({
      passwordHash: 'hash:yeni-sifre-12',
      passwordVersion: nowMs + 5000,
      tokenVersion: nowMs + 5000,
    });
    expect(await refusal(uc.rotatePassword(700001, 'ornek-api', 'kisa'))).toMatchObject({ codes: ['X030'] });
    expect(await refusal(uc.rotatePassword(700001, 'baska-api', 'yeni-sifre-12'))).toMatchObject({
      codes: ['H031'],
    });
    expect(users.users.get('baska-api')!.passwordHash).toBe('hash:b');
  });
});
