/**
 * THE zod schemas of retailers (bayi) and of retailer access to consents, with İYS's codes as issue
 * messages (functions/domain/validation.ts). Shapes and limits from İYS's OpenAPI 3.2.0: CreateRetailerType,
 * RetailerInsertRequestForOneRecipient, RetailerInsertRequest, RemoveRelationBetweenRetailer,
 * RetailerSearchRequestOfOneConsent, SearchPagination.
 */
import { z } from 'zod';
import { checkPhone, normaliseRecipient } from '../domain/consent/address.js';
import { CONSENT_TYPES, type ConsentType, RECIPIENT_TYPES } from '../domain/consent/types.js';
import { isValidMersis, isValidTckn, isValidTin } from '../domain/identity-numbers.js';
import {
  MAX_ACCESS_PER_REQUEST,
  MAX_RECIPIENTS_PER_REQUEST,
  RETAILER_STATUSES,
} from '../domain/retailers.js';
import { codes } from '../domain/validation.js';

const isType = (v: unknown): v is ConsentType => (CONSENT_TYPES as readonly unknown[]).includes(v);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Letters (any script), digits, spaces and the punctuation of trade names. */
const alphanumeric = /^[\p{L}\p{N}\s.,&'’"()/+\-_]*$/u;

function textField(field: 'title' | 'name' | 'alias', missing: string, max: number) {
  return z.string(codes(missing, missing)).superRefine((v, ctx) => {
    if (v.trim() === '') ctx.addIssue({ code: 'custom', message: missing, input: v });
    else if (v.length > max)
      ctx.addIssue({
        code: 'custom',
        message: 'H017',
        input: v,
        params: { iysMessage: `${field} sahası için ${max} karakter üst sınırına ulaşıldı!` },
      });
    else if (!alphanumeric.test(v))
      ctx.addIssue({
        code: 'custom',
        message: 'H229',
        input: v,
        params: { iysMessage: `${field} alfanümerik olmalıdır.` },
      });
  });
}

/** City and town: `{code, name}`; İYS sends codes as strings ("34"), numbers are accepted too. */
function place(missing: string, codeMissing: string, nameMissing: string) {
  return z.strictObject(
    {
      code: z
        .union([z.string(), z.number().int()], codes(codeMissing, codeMissing))
        .transform((v) => String(v))
        .refine((v) => v.trim() !== '', codeMissing),
      name: z.string(codes(nameMissing, nameMissing)).refine((v) => v.trim() !== '', nameMissing),
    },
    codes(missing, missing),
  );
}

export const createRetailerBody = z
  .strictObject(
    {
      title: textField('title', 'H214', 255).meta({
        description: 'Trade name (≤ 255).',
        example: 'XYZ Ticaret',
      }),
      name: textField('name', 'H215', 255).meta({ description: 'Contact person.', example: 'Adım Soyadım' }),
      tckn: z
        .string(codes('H216', 'H225'))
        .superRefine((v, ctx) => {
          if (v === '') ctx.addIssue({ code: 'custom', message: 'H216', input: v });
          else if (v.length !== 11) ctx.addIssue({ code: 'custom', message: 'H226', input: v });
          else if (!isValidTckn(v)) ctx.addIssue({ code: 'custom', message: 'H225', input: v });
        })
        .meta({ description: "Contact person's TCKN (11 digits, checksum).", example: '10000000146' }),
      tin: z
        .string(codes('H288', 'H243'))
        .superRefine((v, ctx) => {
          if (v === '') ctx.addIssue({ code: 'custom', message: 'H288', input: v });
          else if (v.length !== 10 && v.length !== 11)
            ctx.addIssue({ code: 'custom', message: 'H244', input: v });
          else if (!isValidTin(v)) ctx.addIssue({ code: 'custom', message: 'H243', input: v });
        })
        .meta({ description: 'Tax number: VKN (10) or TCKN (11).', example: '8450525470' }),
      city: place('H217', 'H218', 'H219').meta({ example: { code: '34', name: 'İstanbul' } }),
      town: place('H220', 'H221', 'H222').meta({ example: { code: '421', name: 'Bakırköy' } }),
      mersis: z
        .union([z.string(), z.number().int()], codes('H227', 'H227'))
        .transform((v) => String(v))
        .superRefine((v, ctx) => {
          if (v.length !== 16) ctx.addIssue({ code: 'custom', message: 'H228', input: v });
          else if (!isValidMersis(v)) ctx.addIssue({ code: 'custom', message: 'H227', input: v });
        })
        .optional()
        .meta({ description: 'MERSIS number (16 digits).', example: '0845052547000015' }),
      alias: textField('alias', 'X007', 255).optional().meta({ example: 'Şişli Mağazası' }),
      mobile: z
        .string('H224')
        .refine((v) => checkPhone(v).ok, 'H224')
        .optional()
        .meta({ description: 'E.164 phone of the contact person.', example: '+905325001111' }),
      status: z.enum(RETAILER_STATUSES, 'H201').optional().meta({ example: 'active' }),
    },
    codes('H016', 'H016'),
  )
  .meta({ id: 'CreateRetailerType', description: 'A retailer (bayi) of a brand.' });
export type CreateRetailerBody = z.output<typeof createRetailerBody>;

export const retailerCreated = z.object({ retailerCode: z.number().int().meta({ example: 58954386 }) });

const placeOut = z.object({ code: z.string(), name: z.string() });
export const retailerView = z
  .object({
    title: z.string(),
    mersis: z.string().optional(),
    alias: z.string().optional(),
    name: z.string(),
    tckn: z.string(),
    mobile: z.string().optional(),
    tin: z.string(),
    city: placeOut,
    town: placeOut,
    status: z.enum(RETAILER_STATUSES),
    retailerAccessCount: z.number().int(),
    retailerCode: z.number().int(),
  })
  .meta({ id: 'RetailerSearchList' });

export const pagination = z.object({
  offset: z.number().int(),
  pageSize: z.number().int(),
  totalCount: z.number().int(),
  currentPage: z.number().int().optional(),
});
export const retailerPage = z.object({ pagination, list: z.array(retailerView.partial()) });

// ---- pagination query (offset, limit ≤ 100) -------------------------------------------------------------

const intText = (code: string) =>
  z
    .string(code)
    .regex(/^-?\d{1,9}$/, code)
    .transform(Number);

export const pageQuery = z
  .object({
    offset: intText('H182')
      .refine((n) => n >= 0, 'H182')
      .optional(),
    limit: intText('H183')
      .refine((n) => n >= 0, 'H183')
      .refine((n) => n !== 0, 'H187')
      .refine((n) => n <= 100, 'H186')
      .optional(),
  })
  .catchall(z.unknown());

const flag = (code: string) => z.enum(['true', 'false'], code).transform((v) => v === 'true');
export const retailerListQuery = pageQuery.extend({
  all: flag('H184').optional(),
  short: flag('H185').optional(),
});

// ---- access to consents -------------------------------------------------------------------------------

const typeField = z.enum(CONSENT_TYPES, codes('H111', 'H117')).meta({ example: 'MESAJ' });
const recipientTypeField = z.enum(RECIPIENT_TYPES, codes('H170', 'H116')).meta({ example: 'BIREYSEL' });
const accessField = z
  .array(z.number('X008').int('X008'), codes('H169', 'H169'))
  .min(1, 'H163')
  .max(MAX_ACCESS_PER_REQUEST, 'H126')
  .superRefine((list, ctx) => {
    const seen = new Set<number>();
    list.forEach((code, i) => {
      if (seen.has(code)) ctx.addIssue({ code: 'custom', message: 'H193', path: [i], input: code });
      seen.add(code);
    });
  })
  .meta({
    description: `Retailer codes (1–${MAX_ACCESS_PER_REQUEST}, unique).`,
    example: [12313344, 23456677],
  });
const recipientsField = z
  .array(z.string('H121'), codes('H168', 'H478'))
  .min(1, 'H164')
  .max(MAX_RECIPIENTS_PER_REQUEST, 'H127')
  .meta({ description: `Addresses (1–${MAX_RECIPIENTS_PER_REQUEST}).`, example: ['+905377115251'] });

/** Recipient content needs the channel: checked on the whole body. */
function recipientChecks(value: unknown, ctx: z.RefinementCtx<unknown>): void {
  if (!isRecord(value)) return;
  const type = isType(value.type) ? value.type : undefined;
  const add = (items: { code: string; message: string; value?: unknown }[], path: (string | number)[]) => {
    for (const item of items)
      ctx.addIssue({
        code: 'custom',
        message: item.code,
        path,
        input: item.value,
        params: { iysMessage: item.message },
      });
  };
  if (typeof value.recipient === 'string') {
    const r = normaliseRecipient(value.recipient, type, { tooLongCode: 'H166' });
    if (!r.ok) add(r.errors, ['recipient']);
  }
  if (Array.isArray(value.recipients)) {
    value.recipients.forEach((raw, i) => {
      if (typeof raw !== 'string') return;
      const r = normaliseRecipient(raw, type, { location: [], tooLongCode: 'H166' });
      if (!r.ok) add(r.errors, ['recipients', i]);
    });
  }
}

function alwaysCheck(fn: (value: unknown, ctx: z.RefinementCtx<unknown>) => void) {
  const check = z.superRefine(fn);
  check._zod.def.when = () => true;
  return check;
}

export const addRetailersBody = z
  .strictObject(
    {
      type: typeField,
      recipient: z.string(codes('H114', 'H121')).meta({ example: '+905377115251' }),
      recipientType: recipientTypeField,
      retailerAccess: accessField,
    },
    codes('H090', 'H090'),
  )
  .check(alwaysCheck(recipientChecks))
  .meta({ id: 'RetailerInsertRequestForOneRecipient' });

export const overrideRetailersBody = z
  .strictObject(
    {
      type: typeField,
      recipientType: recipientTypeField,
      recipients: recipientsField,
      retailerAccess: accessField,
    },
    codes('H171', 'H171'),
  )
  .check(alwaysCheck(recipientChecks))
  .meta({ id: 'RetailerInsertRequest' });

export const removeRetailersBody = z
  .strictObject(
    {
      type: typeField,
      recipientType: recipientTypeField,
      recipients: recipientsField,
      retailerAccess: accessField,
    },
    codes('H172', 'H172'),
  )
  .check(alwaysCheck(recipientChecks))
  .meta({ id: 'RemoveRetailerRequest' });

export const removeAllRetailersBody = z
  .strictObject(
    { type: typeField, recipientType: recipientTypeField, recipients: recipientsField },
    codes('H172', 'H172'),
  )
  .check(alwaysCheck(recipientChecks))
  .meta({ id: 'RemoveRelationBetweenRetailer' });

export const consentRetailersQueryBody = z
  .strictObject(
    {
      recipient: z.string(codes('H114', 'H121')).meta({ example: 'ornek@adiniz.com' }),
      type: typeField,
      recipientType: recipientTypeField,
    },
    codes('H173', 'H173'),
  )
  .check(alwaysCheck(recipientChecks))
  .meta({ id: 'RetailerSearchRequestOfOneConsent' });

export const accessAdded = z.object({
  transactionId: z.string(),
  creationDate: z.string().meta({ example: '2020-08-06 14:36:42' }),
});

/**
 * What overrideRetailers, removeRelationBetweenRetailer and removeRelationsBetweenRetailersAndConsents answer
 * with their 202: the JSON number `1`, as İYS's examples of the three operations show.
 */
export const ACCESS_ACCEPTED = 1;
export const accessAccepted = z
  .literal(ACCESS_ACCEPTED)
  .meta({ description: 'İstek kabul edildi (İYS gibi `1`).', example: ACCESS_ACCEPTED });
