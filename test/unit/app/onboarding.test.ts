import { describe, expect, it } from 'vitest';
import { userUseCases } from '../../../functions/app/onboarding.js';
import { packages } from '../../../functions/domain/subscription.js';
import { fakeHash, fakeUsers } from './identity-fakes.js';
import { onboardingSetup } from './onboarding-fakes.js';

const provider = {
  iysCode: 700001,
  title: 'Örnek A.Ş.',
  brands: [
    { brandCode: 700001, name: 'Örnek', master: true, shortNames: ['ORNEK'] },
    { brandCode: 700011, name: 'Örnek Market', shortNames: ['ORNEKM', 'MARKET'] },
    { brandCode: 700012, name: 'Örnek Kafe' },
  ],
  users: [
    { username: 'ornek-api', password: 'change-me-1' },
    { username: 'ornek-2', password: 'change-me-2' },
  ],
};

describe('createProvider', () => {
  it('creates the keys, the provider with its master brand and a wrapped blind-index secret, the sub-brands, short names and users', async () => {
    const { uc, registry, users } = onboardingSetup();
    const r = await uc.createProvider(provider);
    expect(r).toEqual({
      iysCode: 700001,
      created: true,
      dataKeyId: 'arn:key/data-700001',
      signingKeyId: 'arn:key/sign-700001',
      brands: [700001, 700011, 700012],
      users: ['ornek-api', 'ornek-2'],
    });
    expect(registry.providers.get(700001)).toEqual({
      iysCode: 700001,
      title: 'Örnek A.Ş.',
      dataKeyId: 'arn:key/data-700001',
      signingKeyId: 'arn:key/sign-700001',
      blindIndexKey: new Uint8Array([1, 2, 3]),
      createdAt: '2026-11-25T10:00:00.000Z',
      // No subscription given: İleti+ as the domain defines it.
      subscription: { status: 'ACTIVE', packageName: 'İleti+', ...packages['İleti+'], api: true },
    });
    expect(registry.calls.secretsWrapped).toEqual([
      { keyId: 'arn:key/data-700001', context: { iysCode: '700001', purpose: 'blind-index' } },
    ]);
    expect(registry.brands.get('700001:700001')).toEqual({
      iysCode: 700001,
      brandCode: 700001,
      name: 'Örnek',
      master: true,
      shortNames: ['ORNEK'],
      stats: { approval: 0, rejection: 0, total: 0, retailers: 0 },
    });
    expect(registry.brands.get('700001:700012')).toMatchObject({ master: false, shortNames: [] });
    expect(Object.fromEntries(registry.shortNames)).toEqual({
      ORNEK: { iysCode: 700001, brandCode: 700001 },
      ORNEKM: { iysCode: 700001, brandCode: 700011 },
      MARKET: { iysCode: 700001, brandCode: 700011 },
    });
    expect(users.users.get('ornek-api')).toEqual({
      username: 'ornek-api',
      passwordHash: 'hash:change-me-1',
      actor: 'HS',
      iysCode: 700001,
    });
  });

  it('keeps a given subscription', async () => {
    const { uc, registry } = onboardingSetup();
    const subscription = { status: 'PAUSED' as const, packageName: 'Temel', consentLimit: 1000, api: false };
    await uc.createProvider({ ...provider, users: [], subscription });
    expect(registry.providers.get(700001)!.subscription).toEqual(subscription);
  });

  it('is idempotent: run again it finds the keys and the records and creates nothing new', async () => {
    const { uc, registry, users, clock } = onboardingSetup();
    await uc.createProvider(provider);
    const before = structuredClone(registry.providers.get(700001));
    clock.advance(86_400_000);
    const again = await uc.createProvider(provider);
    expect(again).toMatchObject({
      created: false,
      dataKeyId: 'arn:key/data-700001',
      users: ['ornek-api', 'ornek-2'],
    });
    expect(registry.providers.get(700001)).toEqual(before); // createdAt of the first run
    expect(registry.calls.secretsWrapped).toHaveLength(1);
    expect(registry.calls.keysAsked).toBe(2);
    expect(registry.brands.size).toBe(3);
    expect(users.users.size).toBe(2);
  });

  it('needs exactly one master brand, and checks that before touching a key', async () => {
    const { uc, registry } = onboardingSetup();
    const none = { ...provider, brands: provider.brands.map((b) => ({ ...b, master: false })) };
    await expect(uc.createProvider(none)).rejects.toThrow('provider 700001 needs exactly one master brand');
    const two = { ...provider, brands: provider.brands.map((b) => ({ ...b, master: true })) };
    await expect(uc.createProvider(two)).rejects.toThrow('needs exactly one master brand');
    expect(registry.calls.keysAsked).toBe(0);
  });
});

describe('createUser', () => {
  it('stores the password’s hash only, with the codes given; a taken username is false and unchanged', async () => {
    const users = fakeUsers();
    const { createUser } = userUseCases({ user: users.user, putUser: users.putUser, hashPassword: fakeHash });
    expect(await createUser({ username: 'op-1', password: 'secret-1', actor: 'OPERATOR' })).toBe(true);
    expect(users.users.get('op-1')).toEqual({
      username: 'op-1',
      passwordHash: 'hash:secret-1',
      actor: 'OPERATOR',
    });
    expect(await createUser({ username: 'op-1', password: 'other', actor: 'HS', iysCode: 1 })).toBe(false);
    expect(users.users.get('op-1')!.passwordHash).toBe('hash:secret-1');
    expect(
      await createUser({ username: 'int-1', password: 'p', actor: 'INTEGRATOR', integratorCode: 900001 }),
    ).toBe(true);
    expect(users.users.get('int-1')).toMatchObject({ actor: 'INTEGRATOR', integratorCode: 900001 });
    expect(users.users.get('int-1')).not.toHaveProperty('iysCode');
  });

  it('a username taken between the look-up and the put is false too', async () => {
    const users = fakeUsers();
    const { createUser } = userUseCases({
      user: async () => undefined,
      putUser: async () => false,
      hashPassword: fakeHash,
    });
    expect(await createUser({ username: 'x', password: 'p', actor: 'HS' })).toBe(false);
    expect(users.users.size).toBe(0);
  });
});

describe('createIntegrator', () => {
  it('records the integrator, its own subscription once, its users and grants', async () => {
    const { uc, registry, users } = onboardingSetup();
    const grant = { iysCode: 700001, brandCode: 700001, channels: { MESAJ: 'write' as const } };
    await uc.createIntegrator({
      integratorCode: 900001,
      title: 'Entegratör A.Ş.',
      users: [{ username: 'entegrator-api', password: 'change-me-2' }],
      grants: [grant],
    });
    expect(registry.integrators.get(900001)).toEqual({ integratorCode: 900001, title: 'Entegratör A.Ş.' });
    const sub = registry.integratorSubscriptions.get(900001)!;
    expect(sub.sub).toEqual({
      status: 'ACTIVE',
      packageName: 'IO - API Kullanım Lisansı',
      consentLimit: 0,
      api: true,
    });
    // Stamped by the clock the use case was given, not the machine's.
    expect(sub.since).toBe('2026-11-25T10:00:00.000Z');
    expect(users.users.get('entegrator-api')).toEqual({
      username: 'entegrator-api',
      passwordHash: 'hash:change-me-2',
      actor: 'INTEGRATOR',
      integratorCode: 900001,
    });
    expect(registry.grants.get(900001)).toEqual([grant]);
    // Again, without users or grants: the first subscription stays, nothing else is added.
    await uc.createIntegrator({ integratorCode: 900001, title: 'Entegratör A.Ş.' });
    expect(registry.integratorSubscriptions.get(900001)).toBe(sub);
    expect(registry.grants.get(900001)).toEqual([grant]);
  });
});
