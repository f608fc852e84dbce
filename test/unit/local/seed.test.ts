import { describe, expect, it } from 'vitest';
import { applySeed, SEED_VIA_CREDITS, SEED_VIA_PASS_CREDITS, seedSchema } from '../../../bin/local/seed.js';
import type { FrameAdminUseCases } from '../../../functions/app/frame.js';
import type { NewProvider, OnboardingUseCases } from '../../../functions/app/onboarding.js';
import type { Widget, WidgetDefinition } from '../../../functions/domain/via/frame.js';

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

describe('the seed’s ViA Frame widgets', () => {
  it('creates one per provider, allowed on the demo site, prints its UUID, and keeps it on a rerun', async () => {
    const onboarding = {
      createProvider: async (p: NewProvider) => ({ iysCode: p.iysCode, brands: [], users: [] }),
    } as unknown as OnboardingUseCases;
    const held: Widget[] = [];
    const widgets = {
      listWidgets: async (iysCode: number) => held.filter((w) => w.iysCode === iysCode),
      createWidget: async (iysCode: number, def: WidgetDefinition, createdBy: string) => {
        const w = {
          ...def,
          iysCode,
          createdBy,
          widgetUUID: `uuid-${held.length + 1}`,
          formId: 1,
          createdAt: '',
        };
        held.push(w);
        return w;
      },
    } as unknown as FrameAdminUseCases;
    const seed = seedSchema.parse({ providers: [provider(), provider({ iysCode: 700100 })] });
    const frame = { widgets, demoOrigin: 'http://127.0.0.1:3001' };
    const lines = await applySeed(seed, onboarding, undefined, frame);
    expect(lines.filter((l) => l.startsWith('via frame widget'))).toEqual([
      'via frame widget uuid-1 for provider 700001: demo page http://127.0.0.1:3001/widget/uuid-1',
      'via frame widget uuid-2 for provider 700100: demo page http://127.0.0.1:3001/widget/uuid-2',
    ]);
    expect(held[0]).toMatchObject({
      brandCodes: [700001],
      allowedOrigins: ['http://127.0.0.1:3001'],
      verificationTypes: ['SMS_OTP', 'EPOSTA_OTP'],
      createdBy: 'seed',
    });
    const again = await applySeed(seed, onboarding, undefined, frame);
    expect(held).toHaveLength(2);
    expect(again.filter((l) => l.startsWith('via frame widget'))).toEqual(
      lines.filter((l) => l.startsWith('via frame widget')),
    );
  });
});
