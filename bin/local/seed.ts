import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { FrameAdminUseCases } from '../../functions/app/frame.js';
import type { OnboardingUseCases } from '../../functions/app/onboarding.js';
import type { ViaUseCases } from '../../functions/app/via.js';
import type { ViaPassUseCases } from '../../functions/app/via-pass.js';
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
        /** ViA PASS credits of the provider's ViA PASS package (−1: unlimited); without it SEED_VIA_PASS_CREDITS. */
        viaPassCredits: z.number().int().min(-1).optional(),
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

/** The ViA PASS package of a seeded provider that names no `viaPassCredits` (docs/via-pass.md). */
export const SEED_VIA_PASS_CREDITS = 1000;

/** The demo's ViA PASS templates: one of each channel and method, so every start operation can be tried. */
export const demoPassTemplates = [
  {
    channel: 'SMS',
    method: 'OTP',
    message: '{{otp}} ViA PASS doğrulama kodunuzdur. Kodu kimseyle paylaşmayınız.',
  },
  {
    channel: 'EPOSTA',
    method: 'OTP',
    subject: 'Doğrulama kodunuz',
    message: 'Merhaba,\n\nViA PASS doğrulama kodunuz: {{otp}}\nKod 3 dakika geçerlidir.',
  },
  { channel: 'SMS', method: 'SHORT_URL', message: 'Adresinizi doğrulamak için: {{link}} (24 saat geçerli)' },
  {
    channel: 'EPOSTA',
    method: 'SHORT_URL',
    subject: 'Adresinizi doğrulayın',
    message: 'Merhaba,\n\nAdresinizi doğrulamak için bağlantıyı açın: {{link}}\nBağlantı 24 saat geçerlidir.',
  },
] as const;

/**
 * Gives every seeded provider the demo's ViA PASS templates through the production use case, once: a provider
 * that has templates keeps them. Prints their ids.
 */
export async function seedViaPassTemplates(
  seed: Seed,
  viaPass: Pick<ViaPassUseCases, 'createTemplate' | 'listTemplates'>,
): Promise<string[]> {
  const lines: string[] = [];
  for (const p of seed.providers) {
    let templates = await viaPass.listTemplates(p.iysCode);
    if (templates.length === 0) {
      const identity = { username: 'seed', kind: 'HS' as const, iysCode: p.iysCode };
      for (const t of demoPassTemplates)
        await viaPass.createTemplate(
          p.iysCode,
          {
            ...t,
            clarification: `${p.title}, kimlik ve iletişim bilgilerinizin doğrulanması amacıyla telefon numaranızı veya e-posta adresinizi İYS ViA PASS aracılığıyla doğrulamaktadır. Bu doğrulama 6698 sayılı KVKK kapsamında yalnızca bu amaçla kullanılır.`,
          },
          identity,
        );
      templates = await viaPass.listTemplates(p.iysCode);
    }
    lines.push(
      `provider ${p.iysCode} ViA PASS templates ${templates.map((t) => `${t.templateId} (${t.channel} ${t.method})`).join(', ')}`,
    );
  }
  return lines;
}

/** The demo's ViA Frame widget: where it is created (the use cases) and the demo site that embeds it. */
export interface SeedFrame {
  widgets: FrameAdminUseCases;
  /** The origin of the local "provider's own site" (bin/local/demo-site.ts). */
  demoOrigin: string;
}

/** Applies a seed through the production use cases (the system's onboarding); safe to run again. */
export async function applySeed(
  seed: Seed,
  onboarding: OnboardingUseCases,
  via?: Pick<ViaUseCases, 'createForm' | 'listForms'>,
  frame?: SeedFrame,
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
        viaPass: {
          packageName: 'VIA-PASS-25',
          credit: p.viaPassCredits ?? SEED_VIA_PASS_CREDITS,
          status: 'ACTIVE',
        },
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
  if (frame) for (const p of seed.providers) lines.push(await seedWidget(p, frame, via));
  return lines;
}

const demoWidgetName = 'Kampanya izni (demo)';

/**
 * One ViA Frame widget per provider (docs/via-frame.md): its brands' SMS and e-mail consents and the KVK
 * clarification, verified by SMS or e-mail, embeddable by the demo site. It shows the seed's own ViA OTP form
 * (its two paragraphs: the ETK text and the KVK text) when the ViA forms were seeded, else a form of its own.
 * A widget already there is kept, so seeding again changes nothing.
 */
async function seedWidget(
  p: Seed['providers'][number],
  frame: SeedFrame,
  via?: Pick<ViaUseCases, 'listForms'>,
): Promise<string> {
  const held = (await frame.widgets.listWidgets(p.iysCode)).find((w) => w.name === demoWidgetName);
  const text = seedViaFormText(p.title);
  const [formText, kvkText] = text.split('\n\n') as [string, string];
  const form = via
    ? (await via.listForms(p.iysCode)).find((f) => f.kind === 'OTP' && f.published && f.text === text)
    : undefined;
  const w =
    held ??
    (await frame.widgets.createWidget(
      p.iysCode,
      {
        name: demoWidgetName,
        brandCodes: p.brands.map((b) => b.brandCode),
        etkTypes: ['MESAJ', 'EPOSTA'],
        kvkTypes: ['AYDINLATMA_METNI'],
        recipientType: 'BIREYSEL',
        verificationTypes: ['SMS_OTP', 'EPOSTA_OTP'],
        allowedOrigins: [frame.demoOrigin],
        formText,
        kvkText,
      },
      'seed',
      form?.formId,
    ));
  return `via frame widget ${w.widgetUUID} for provider ${p.iysCode}: demo page ${frame.demoOrigin}/widget/${w.widgetUUID}`;
}
