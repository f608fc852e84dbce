import { describe, expect, it } from 'vitest';
import { applySeed, SEED_VIA_CREDITS, SEED_VIA_PASS_CREDITS, seedSchema } from '../../../bin/local/seed.js';
import type { NewProvider, OnboardingUseCases } from '../../../functions/app/onboarding.js';

/** The seed's providers as the onboarding use case is asked to create them (a fake that records). */
async function seeded(providers: unknown[]) {
  const asked: NewProvider[] = [];
  const onboarding = {
    createProvider: async (p: NewProvider) => {
      asked.push(p);
      return { iysCode: p.iysCode, created: true, dataKeyId: 'k', signingKeyId: 's', brands: [], users: [] };
    },
  } as unknown as OnboardingUseCases;
  await applySeed(seedSchema.parse({ providers }), onboarding);
  return asked;
}

const provider = (extra: Record<string, unknown> = {}) => ({
  iysCode: 700001,
  title: 'Örnek',
  brands: [{ brandCode: 700001, name: 'Örnek', master: true }],
  ...extra,
});

describe('the seed', () => {
  it('gives a seeded provider a ViA package with its viaCredits, or the finite default', async () => {
    const [own, byDefault, unlimited] = await seeded([
      provider({ viaCredits: 3 }),
      provider({ iysCode: 700002 }),
      provider({ iysCode: 700003, viaCredits: -1 }),
    ]);
    expect(own!.subscription).toMatchObject({ status: 'ACTIVE', packageName: 'İleti+', api: true });
    expect(own!.subscription!.via).toEqual({ packageName: 'VİA-25', credit: 3, status: 'ACTIVE' });
    expect(byDefault!.subscription!.via!.credit).toBe(SEED_VIA_CREDITS);
    expect(SEED_VIA_CREDITS).toBeGreaterThan(0);
    expect(unlimited!.subscription!.via!.credit).toBe(-1);
  });

  it('gives a seeded provider a ViA PASS package with its viaPassCredits, or the finite default', async () => {
    const [own, byDefault] = await seeded([provider({ viaPassCredits: 2 }), provider({ iysCode: 700002 })]);
    expect(own!.subscription!.viaPass).toEqual({ packageName: 'VIA-PASS-25', credit: 2, status: 'ACTIVE' });
    expect(byDefault!.subscription!.viaPass!.credit).toBe(SEED_VIA_PASS_CREDITS);
  });

  it('refuses ViA credits below −1 or not whole', () => {
    expect(seedSchema.safeParse({ providers: [provider({ viaCredits: -2 })] }).success).toBe(false);
    expect(seedSchema.safeParse({ providers: [provider({ viaCredits: 1.5 })] }).success).toBe(false);
  });
});
