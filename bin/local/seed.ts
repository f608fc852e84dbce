import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { OnboardingUseCases } from '../../functions/app/onboarding.js';
import type { ViaUseCases } from '../../functions/app/via.js';
import { packages } from '../../functions/domain/subscription.js';

const access = z.enum(['read', 'write']).optional();
const user = z.strictObject({ username: z.string().min(1), password: z.string().min(8) });

/** The seed file of docs/api.md; `IYS_SEED` names another file. */
export const seedSchema = z.strictObject({
  providers: z
    .array(
      z.strictObject({
        iysCode: z.number().int().positive(),
        title: z.string().min(1),
        brands: z
          .array(
            z.strictObject({
              brandCode: z.number().int().positive(),
              name: z.string().min(1),
              master: z.boolean().optional(),
              shortNames: z.array(z.string().min(2).max(20)).max(3).optional(),
            }),
          )
          .min(1),
        users: z.array(user).optional(),
        /** ViA credits of the provider's ViA package (−1: unlimited); without it SEED_VIA_CREDITS. */
        viaCredits: z.number().int().min(-1).optional(),
      }),
    )
    .default([]),
  integrators: z
    .array(
      z.strictObject({
        integratorCode: z.number().int().positive(),
        title: z.string().min(1),
        users: z.array(user).optional(),
        grants: z
          .array(
            z.strictObject({
              iysCode: z.number().int(),
              brandCode: z.number().int(),
              MESAJ: access,
              ARAMA: access,
              EPOSTA: access,
              agreementControl: z.boolean().optional(),
            }),
          )
          .optional(),
      }),
    )
    .default([]),
  operators: z.array(user.extend({ role: z.literal('OPERATOR') })).default([]),
  authorities: z.array(user.extend({ role: z.literal('AUTHORITY') })).default([]),
  callCentre: z.array(user.extend({ role: z.literal('CALL_CENTRE') })).default([]),
});
export type Seed = z.infer<typeof seedSchema>;

export async function loadSeed(path: string): Promise<Seed> {
  return seedSchema.parse(JSON.parse(await readFile(path, 'utf8')));
}

/**
 * The ViA package of a seeded provider that names no `viaCredits`: finite, so that spending shows in
 * get-subscription (docs/onboarding.md §5). An approved application gets no ViA package: İYS sells it apart.
 */
export const SEED_VIA_CREDITS = 1000;

/** The ViA forms of a demo provider (one published form of each kind, ETK and KVK); none again on a rerun. */
export const seedViaFormText = (title: string) =>
  `${title}, kampanya, indirim ve duyurularını size ticari elektronik ileti ile gönderebilmek için onayınızı istemektedir. Onayınızı dilediğiniz an İYS üzerinden geri alabilirsiniz.\n\nKişisel verileriniz 6698 sayılı Kanun kapsamında, aydınlatma metninde belirtilen amaçlarla işlenir.`;

async function seedViaForms(
  via: Pick<ViaUseCases, 'createForm' | 'listForms'>,
  iysCode: number,
  title: string,
): Promise<string> {
  let forms = await via.listForms(iysCode);
  if (!forms.length)
    for (const kind of ['OTP', 'SHORTURL', 'APPROVALURL'] as const)
      forms.push(
        await via.createForm(
          iysCode,
          {
            name: `Demo ${kind}`,
            kind,
            titles: ['ETK', 'KVK'],
            text: seedViaFormText(title),
            published: true,
          },
          { actor: 'seed' },
        ),
      );
  forms = forms.filter((f) => f.published);
  return `  ViA forms of ${iysCode}: ${forms.map((f) => `${f.kind} formId ${f.formId}`).join(', ')}`;
}

/** Applies a seed through the production use cases (the system's onboarding); safe to run again. */
export async function applySeed(
  seed: Seed,
  onboarding: OnboardingUseCases,
  via?: Pick<ViaUseCases, 'createForm' | 'listForms'>,
): Promise<string[]> {
  const lines: string[] = [];
  for (const p of seed.providers) {
    const r = await onboarding.createProvider({
      iysCode: p.iysCode,
      title: p.title,
      brands: p.brands.map((b) => ({ ...b, master: Boolean(b.master) })),
      users: p.users ?? [],
      subscription: {
        status: 'ACTIVE',
        packageName: 'İleti+',
        ...packages['İleti+'],
        api: true,
        via: { packageName: 'VİA-25', credit: p.viaCredits ?? SEED_VIA_CREDITS, status: 'ACTIVE' },
      },
    });
    lines.push(
      `provider ${p.iysCode} (${p.title}) brands ${r.brands.join(', ')} users ${r.users.join(', ')}`,
    );
    if (via) lines.push(await seedViaForms(via, p.iysCode, p.title));
  }
  for (const i of seed.integrators) {
    await onboarding.createIntegrator({
      integratorCode: i.integratorCode,
      title: i.title,
      users: i.users ?? [],
      grants: (i.grants ?? []).map((g) => ({
        iysCode: g.iysCode,
        brandCode: g.brandCode,
        channels: Object.fromEntries(
          (['MESAJ', 'ARAMA', 'EPOSTA'] as const).filter((c) => g[c]).map((c) => [c, g[c]!]),
        ),
        ...(g.agreementControl ? { agreementControl: true } : {}),
      })),
    });
    lines.push(`integrator ${i.integratorCode} users ${(i.users ?? []).map((u) => u.username).join(', ')}`);
  }
  for (const [list, actor] of [
    [seed.operators, 'OPERATOR'],
    [seed.authorities, 'AUTHORITY'],
    [seed.callCentre, 'CALL_CENTRE'],
  ] as const) {
    for (const u of list) {
      await onboarding.createUser({ username: u.username, password: u.password, actor });
      lines.push(`${actor.toLowerCase()} ${u.username}`);
    }
  }
  return lines;
}
