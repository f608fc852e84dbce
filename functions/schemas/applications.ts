/**
 * THE zod schemas of provider applications (docs/api.md "Onboarding and administration"). Identity
 * numbers are checked by their checksum rules; each error names the field, e.g. `["signatory","tckn"]`.
 */
import { z } from 'zod';
import { checkEmail, checkPhone } from '../domain/consent/address.js';
import { isValidMersis, isValidTckn, isValidVkn, mersisVkn } from '../domain/identity-numbers.js';
import { codes } from '../domain/validation.js';

const text = (max: number) =>
  z
    .string(codes('X008', 'X008'))
    .refine((v) => v.trim().length > 0, 'X007')
    .refine((v) => v.length <= max, 'X008');

const tckn = z.string(codes('X008', 'X032')).refine(isValidTckn, 'X032').meta({ example: '10000000146' });

export const signatorySchema = z.strictObject(
  {
    tckn,
    name: text(100).meta({ example: 'Ayşe' }),
    surname: text(100).meta({ example: 'Yılmaz' }),
    birthDate: z
      .string(codes('X008', 'X008'))
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'X008')
      .refine((v) => {
        const d = new Date(`${v}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= '1900-01-01';
      }, 'X008')
      .meta({ example: '1980-04-23' }),
    mobile: z
      .string(codes('X008', 'X008'))
      .refine((v) => checkPhone(v).ok && v.startsWith('+905'), 'X008')
      .meta({ description: 'Turkish mobile number in E.164 (+905…).', example: '+905321234567' }),
    email: z
      .string(codes('X008', 'X008'))
      .refine((v) => checkEmail(v).ok, 'X008')
      .meta({ example: 'ayse.yilmaz@example.com' }),
  },
  codes('X008', 'X008'),
);

export const applicationBody = z
  .strictObject(
    {
      type: z
        .enum(['LEGAL', 'REAL'], codes('X008', 'X008'))
        .meta({ description: 'LEGAL: company; REAL: person.' }),
      title: text(255).meta({ description: 'Trade name (unvan).', example: 'Yeni Ticaret A.Ş.' }),
      invoiceAddress: text(500).meta({ example: 'Atatürk Cad. No:1 Çankaya/Ankara' }),
      vkn: z
        .string(codes('X008', 'X033'))
        .refine(isValidVkn, 'X033')
        .optional()
        .meta({ example: '1234567890' }),
      mersis: z
        .string(codes('X008', 'X021'))
        .refine(isValidMersis, 'X021')
        .optional()
        .meta({ example: '0123456789000015' }),
      tckn: tckn.optional(),
      signatory: signatorySchema,
      brands: z
        .array(
          z.strictObject(
            {
              name: text(100).meta({ example: 'Yeni Çocuk' }),
              trademarkNo: text(50).meta({
                description: 'Registered trademark number (TÜRKPATENT).',
                example: '2019/12345',
              }),
            },
            codes('X008', 'X008'),
          ),
          codes('X008', 'X008'),
        )
        .max(20, 'X008')
        .optional()
        .meta({ description: 'Sub-brands for registered trademarks (each gets its own consents).' }),
    },
    codes('X008', 'X008'),
  )
  .superRefine((v, ctx) => {
    // LEGAL needs VKN and MERSIS (whose VKN part must match); REAL needs the person's TCKN and neither.
    if (v.type === 'LEGAL') {
      if (!v.vkn) ctx.addIssue({ code: 'custom', message: 'X008', path: ['vkn'] });
      if (!v.mersis) ctx.addIssue({ code: 'custom', message: 'X008', path: ['mersis'] });
      if (v.tckn) ctx.addIssue({ code: 'custom', message: 'X008', path: ['tckn'], input: v.tckn });
      const embedded = v.mersis ? mersisVkn(v.mersis) : undefined;
      if (v.vkn && embedded && embedded !== v.vkn)
        ctx.addIssue({ code: 'custom', message: 'X022', path: ['mersis'], input: v.mersis });
    } else {
      if (!v.tckn) ctx.addIssue({ code: 'custom', message: 'X008', path: ['tckn'] });
      if (v.vkn) ctx.addIssue({ code: 'custom', message: 'X008', path: ['vkn'], input: v.vkn });
      if (v.mersis) ctx.addIssue({ code: 'custom', message: 'X008', path: ['mersis'], input: v.mersis });
    }
  })
  .meta({
    id: 'ProviderApplication',
    example: {
      type: 'LEGAL',
      title: 'Yeni Ticaret A.Ş.',
      vkn: '1234567890',
      mersis: '0123456789000015',
      invoiceAddress: 'Atatürk Cad. No:1 Çankaya/Ankara',
      signatory: {
        tckn: '10000000146',
        name: 'Ayşe',
        surname: 'Yılmaz',
        birthDate: '1980-04-23',
        mobile: '+905321234567',
        email: 'ayse.yilmaz@example.com',
      },
      brands: [{ name: 'Yeni Çocuk', trademarkNo: '2019/12345' }],
    },
  });
export type ApplicationBody = z.output<typeof applicationBody>;

export const documentUpload = z.object({
  kind: z.string().meta({ example: 'TRADE_REGISTRY_GAZETTE' }),
  required: z.boolean(),
  url: z.string(),
  method: z.literal('POST'),
  fields: z.record(z.string(), z.string()),
  expiresAt: z.string(),
  maxBytes: z.number().int(),
  contentType: z.string(),
});
export const applicationCreated = z.object({
  applicationId: z.string(),
  documentUploads: z.array(documentUpload),
});

export const applicationListQuery = z
  .object({ status: z.enum(['PENDING', 'APPROVED', 'REJECTED'], 'X008').optional() })
  .catchall(z.unknown());

export const rejectBody = z.strictObject({ reason: text(1000) }, codes('X008', 'X008'));

export const approved = z.object({
  iysCode: z.number().int(),
  brandCode: z.number().int(),
  brandCodes: z.array(z.number().int()),
});

// ---- a provider's own administration ------------------------------------------------------------------

export const createBrandBody = z
  .strictObject(
    {
      name: text(100).meta({ example: 'Örnek Spor' }),
      trademarkNo: text(50)
        .optional()
        .meta({ description: 'Registered trademark number.', example: '2021/54321' }),
      shortNames: z
        .array(z.string('X028'), 'X028')
        .max(3, 'X028')
        .optional()
        .meta({
          description: 'Up to 3 SMS short names, 2–11 upper-case letters or digits.',
          example: ['ORNEKSPOR'],
        }),
    },
    codes('X008', 'X008'),
  )
  .meta({ id: 'NewBrand' });

export const brandCreated = z.object({ brandCode: z.number().int() });

export const createUserBody = z
  .strictObject(
    {
      username: z
        .string(codes('X008', 'X008'))
        .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'X008')
        .meta({
          description: 'Lower case letters, digits, dot, dash, underscore (3–64).',
          example: 'ornek-api-2',
        }),
      password: z
        .string(codes('X030', 'X030'))
        .meta({ description: 'At least 10 characters with a letter and a digit.' }),
    },
    codes('X008', 'X008'),
  )
  .meta({ id: 'NewUser' });

export const userStateBody = z.strictObject(
  { disabled: z.boolean(codes('X008', 'X008')) },
  codes('X008', 'X008'),
);
export const passwordBody = z.strictObject(
  { password: z.string(codes('X030', 'X030')) },
  codes('X008', 'X008'),
);
