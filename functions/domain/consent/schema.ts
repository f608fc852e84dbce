/**
 * THE zod schemas of a consent body, of a consent key (consentDetail / consentsHistory body) and of the
 * multi-status body. Every failing check reports its İYS H-code (or X-code) as the issue message, as the
 * convention in functions/domain/validation.ts requires. Checks that need no clock (address shape and
 * validity, date format, HS_2015, HS_KARAR) call the domain functions; clock checks (H162, H467), the
 * state transitions and normalisation (lower-case e-mail) stay in functions/domain/consent.
 *
 * Custom issues whose İYS text differs from the catalogue (H464 per channel, H193 for recipients) carry
 * it in `params.iysMessage`; codes whose catalogue text is outdated for this context (H267, H126, H127)
 * are listed in CONSENT_MESSAGES / STATUS_BODY_MESSAGES. `toIysErrors` applies both.
 */
import { z } from 'zod';
import type { IysErrorItem } from '../errors.js';
import { codes, issuesToErrors, optionalCodes } from '../validation.js';
import { normaliseRecipient } from './address.js';
import { clocklessDateErrors, parseConsentDate } from './dates.js';
import {
  type Actor,
  CONSENT_SOURCES,
  CONSENT_STATUSES,
  CONSENT_TYPES,
  type ConsentSource,
  type ConsentType,
  HS_SOURCES,
  RECIPIENT_TYPES,
} from './types.js';

export const MAX_RETAILER_ACCESS = 3000;
export const MAX_STATUS_RECIPIENTS = 1000;

export const RETAILER_CODE_EMPTY_MESSAGE = 'retailerCode değeri boş string olmamalıdır!';
export const RETAILER_ACCESS_TOO_LONG_MESSAGE = `İzin erişimi olan bayilerin (retailer) liste uzunluğu en fazla ${MAX_RETAILER_ACCESS} olmalıdır.`;
export const RECIPIENTS_TOO_LONG_MESSAGE = `Alıcı listesi (recipients) uzunluğu en fazla ${MAX_STATUS_RECIPIENTS} olmalıdır.`;
export const RECIPIENT_REPEATED_MESSAGE = 'Alıcı (recipient) değeri liste içinde tekrarlanamaz.';

/** İYS's texts for codes whose catalogue message does not fit a consent body. */
export const CONSENT_MESSAGES: Readonly<Record<string, string>> = {
  H267: RETAILER_CODE_EMPTY_MESSAGE,
  H126: RETAILER_ACCESS_TOO_LONG_MESSAGE,
};
/** İYS's texts for codes whose catalogue message does not fit the multi-status body. */
export const STATUS_BODY_MESSAGES: Readonly<Record<string, string>> = {
  H127: RECIPIENTS_TOO_LONG_MESSAGE,
  H193: RECIPIENT_REPEATED_MESSAGE,
};

/**
 * Turns zod issues of these schemas into İYS error items: the shared mapping of
 * functions/domain/validation.ts, plus the İYS texts carried in `params.iysMessage` or given in `messages`.
 */
export function toIysErrors(
  issues: z.core.$ZodIssue[],
  input: unknown,
  opts: {
    fallbackCode: string;
    indexFromPath?: boolean;
    messages?: Readonly<Record<string, string>>;
    allowedFields?: string[];
  },
): IysErrorItem[] {
  return issuesToErrors(issues, input, {
    fallbackCode: opts.fallbackCode,
    ...(opts.indexFromPath ? { indexFromPath: true } : {}),
    ...(opts.allowedFields ? { allowedFields: () => opts.allowedFields } : {}),
    ...(opts.messages ? { messages: opts.messages } : {}),
  });
}

/** Adds domain error items as zod issues (code as message, İYS text in params). */
// biome-ignore lint/suspicious/noExplicitAny: any refinement context
function addItems(ctx: z.RefinementCtx<any>, items: IysErrorItem[], path: (string | number)[]): void {
  for (const item of items) {
    ctx.addIssue({
      code: 'custom',
      message: item.code,
      path,
      input: item.value,
      params: { iysMessage: item.message },
    });
  }
}

/**
 * A refinement that runs even when other fields already failed (zod skips refinements after aborting
 * issues by default), so that one request reports all its problems at once, as İYS does.
 */
function alwaysCheck(fn: (value: unknown, ctx: z.RefinementCtx<unknown>) => void) {
  const check = z.superRefine(fn);
  check._zod.def.when = () => true;
  return check;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isType = (v: unknown): v is ConsentType => (CONSENT_TYPES as readonly unknown[]).includes(v);

const eightDigits = (field: string) =>
  z
    .number(optionalCodes('X008', field === 'retailerCode' ? 'H267' : 'X008'))
    .int('X008')
    .min(10_000_000, 'X008')
    .max(99_999_999, 'X008');

const consentDateField = z
  .string(optionalCodes('H158', 'H112'))
  .superRefine((v, ctx) => {
    // Format H158, validity H157, before 2015-05-01 H156 (H155 needs the source: object-level check).
    addItems(ctx, clocklessDateErrors(v, undefined, []).errors, []);
  })
  .meta({
    description:
      'Date the consent was obtained, `YYYY-MM-DD HH:mm:ss` in Turkey time (UTC+3). Not before 2015-05-01 00:00:00, not in the future, at most 3 business days old (H467). May be left out only on the first record of a TACIR consent.',
    example: '2026-05-26 10:30:00',
  });

function consentShape(actor: Actor) {
  const sources = actor === 'HS' ? HS_SOURCES : CONSENT_SOURCES;
  return {
    recipient: z.string(codes('H114', 'H121')).meta({
      description:
        'Phone number in E.164 (`+905XXXXXXXXX`, at most 15 characters) for ARAMA and MESAJ, or e-mail address (6–265 characters, stored in lower case) for EPOSTA.',
      example: '+905321234567',
    }),
    type: z.enum(CONSENT_TYPES, codes('H111', 'H117')).meta({ description: 'Channel.', example: 'MESAJ' }),
    status: z
      .enum(CONSENT_STATUSES, codes('H110', 'H115'))
      .meta({ description: 'ONAY (approval) or RET (rejection).', example: 'ONAY' }),
    source: z.enum(sources, optionalCodes('H119', 'H113')).optional().meta({
      description:
        'Where the consent was obtained. HS_KARAR only with RET; HS_2015 only with consentDate 2015-05-01 00:00:00. May be left out only on the first record of a TACIR consent.',
      example: 'HS_WEB',
    }),
    consentDate: consentDateField.optional(),
    recipientType: z
      .enum(RECIPIENT_TYPES, optionalCodes('H116', 'H116'))
      .optional()
      .meta({ description: 'BIREYSEL (default) or TACIR.', example: 'BIREYSEL' }),
    retailerCode: eightDigits('retailerCode').optional().meta({
      description: '8-digit İYS number of the retailer that obtained the consent.',
      example: 55550127,
    }),
    retailerAccess: z
      .array(eightDigits('retailerAccess'), optionalCodes('X008', 'H169'))
      .min(1, 'H163')
      .max(MAX_RETAILER_ACCESS, 'H126')
      .superRefine((list, ctx) => {
        const seen = new Set<number>();
        list.forEach((code, i) => {
          if (seen.has(code)) ctx.addIssue({ code: 'custom', message: 'H193', path: [i], input: code });
          seen.add(code);
        });
      })
      .optional()
      .meta({
        description: `8-digit İYS numbers of retailers given access to the consent (1–${MAX_RETAILER_ACCESS}, unique).`,
        example: [58795354, 30143398],
      }),
  };
}

/** Cross-field and content checks of a consent body (run even when other fields failed). */
function consentChecks(value: unknown, ctx: z.RefinementCtx<unknown>): void {
  if (!isRecord(value)) return;
  const type = isType(value.type) ? value.type : undefined;
  const tacir = value.recipientType === 'TACIR';
  const recipientTypeKnown = value.recipientType === undefined || value.recipientType === 'BIREYSEL' || tacir;
  // Recipient content (the field-level check already covers missing / non-string).
  if (typeof value.recipient === 'string') {
    const r = normaliseRecipient(value.recipient, type);
    if (!r.ok) addItems(ctx, r.errors, ['recipient']);
  }
  // source and consentDate are required except for TACIR (whose rules depend on the stored state).
  if (recipientTypeKnown && !tacir) {
    if (!('source' in value) || value.source === undefined)
      ctx.addIssue({ code: 'custom', message: 'H113', path: ['source'] });
    if (!('consentDate' in value) || value.consentDate === undefined)
      ctx.addIssue({ code: 'custom', message: 'H112', path: ['consentDate'] });
  }
  const source = (CONSENT_SOURCES as readonly unknown[]).includes(value.source)
    ? (value.source as ConsentSource)
    : undefined;
  if (source === 'HS_KARAR' && value.status === 'ONAY') {
    ctx.addIssue({ code: 'custom', message: 'H408', path: ['status'], input: value.status });
  }
  if (source === 'HS_2015') {
    const d = parseConsentDate(value.consentDate);
    if (d.ok && d.value.text !== '2015-05-01 00:00:00') {
      ctx.addIssue({ code: 'custom', message: 'H155', path: ['consentDate'], input: value.consentDate });
    }
  }
}

/** The consent body as sent by `actor` ('HS': only HS_* sources, H119 otherwise; 'IYS': any source). */
export function consentSchemaFor(actor: Actor) {
  return z
    .strictObject(consentShape(actor), codes('H085', 'H085'))
    .check(alwaysCheck(consentChecks))
    .meta({
      description: 'A consent (izin) as recorded by a service provider.',
      example: {
        recipient: '+905321234567',
        type: 'MESAJ',
        source: 'HS_WEB',
        status: 'ONAY',
        consentDate: '2026-05-26 10:30:00',
        recipientType: 'BIREYSEL',
      },
    });
}

/** THE wire schema of a consent body sent by a service provider (addConsent, batches, bulk files). */
export const consentSchema = consentSchemaFor('HS');
export type ConsentBody = z.output<typeof consentSchema>;

/** Key of one consent: body of consentDetail and consentsHistory. */
export const consentKeySchema = z
  .strictObject(
    {
      recipient: z
        .string(codes('H114', 'H121'))
        .meta({ description: 'Phone (E.164) or e-mail address.', example: 'ornekeposta@ornekeposta.com' }),
      recipientType: z
        .enum(RECIPIENT_TYPES, codes('H170', 'H116'))
        .meta({ description: 'BIREYSEL or TACIR.', example: 'BIREYSEL' }),
      type: z.enum(CONSENT_TYPES, codes('H111', 'H117')).meta({ description: 'Channel.', example: 'EPOSTA' }),
    },
    codes('H097', 'H097'),
  )
  .check(
    alwaysCheck((value, ctx) => {
      if (!isRecord(value) || typeof value.recipient !== 'string') return;
      const r = normaliseRecipient(value.recipient, isType(value.type) ? value.type : undefined, {
        tooLongCode: 'H166',
      });
      if (!r.ok) addItems(ctx, r.errors, ['recipient']);
    }),
  )
  .meta({
    description: 'Identifies one consent of a brand.',
    example: { recipient: 'ornekeposta@ornekeposta.com', recipientType: 'BIREYSEL', type: 'EPOSTA' },
  });
export type ConsentKeyBody = z.output<typeof consentKeySchema>;

/**
 * Body of batchConsentStatus (`POST …/consents/{recipientType}/status/{type}`): 1–1000 unique recipients,
 * each valid for the channel in the path. Repeats are compared after normalisation (e-mail case).
 */
export function batchStatusBodySchemaFor(type: ConsentType) {
  return z
    .strictObject(
      {
        recipients: z
          .array(z.string('H121'), codes('H168', 'H478'))
          .min(1, 'H164')
          .max(MAX_STATUS_RECIPIENTS, 'H127')
          .superRefine((list, ctx) => {
            const seen = new Set<string>();
            list.forEach((raw, i) => {
              const r = normaliseRecipient(raw, type, { location: [], tooLongCode: 'H166' });
              if (!r.ok) {
                addItems(ctx, r.errors, [i]);
                return;
              }
              if (seen.has(r.value)) {
                ctx.addIssue({
                  code: 'custom',
                  message: 'H193',
                  path: [i],
                  input: raw,
                  params: { iysMessage: RECIPIENT_REPEATED_MESSAGE },
                });
              }
              seen.add(r.value);
            });
          })
          .meta({
            description: `Addresses to query (1–${MAX_STATUS_RECIPIENTS}, unique).`,
            example: ['+905054566789', '+905055566790'],
          }),
      },
      codes('H097', 'H097'),
    )
    .meta({
      description: 'Addresses whose ONAY status is queried.',
      example: { recipients: ['+905054566789', '+905055566790'] },
    });
}
/** The multi-status body without a channel-specific recipient check (for OpenAPI). */
export const batchStatusBodySchema = batchStatusBodySchemaFor('MESAJ');
