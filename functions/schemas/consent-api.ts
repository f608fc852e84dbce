import { z } from 'zod';
import {
  CONSENT_SOURCES,
  CONSENT_STATUSES,
  CONSENT_TYPES,
  RECIPIENT_TYPES,
} from '../domain/consent/types.js';
import type { Channel } from '../domain/rights.js';
import { codes } from '../domain/validation.js';

/** Responses and query parameters of the consent operations (request bodies: schemas/consent.ts). */
export const recorded = z
  .object({
    transactionId: z.string().meta({ example: 'a'.repeat(64) }),
    creationDate: z.string().meta({ example: '2026-11-28 12:00:00' }),
  })
  .meta({ id: 'ConsentAdded' });

const dateText = z.string().meta({ description: "'YYYY-MM-DD HH:mm:ss', Turkey time" });

export const consentStatusResponse = z
  .object({
    recipient: z.string(),
    type: z.enum(CONSENT_TYPES),
    recipientType: z.enum(RECIPIENT_TYPES),
    status: z.enum(CONSENT_STATUSES),
    source: z.enum(CONSENT_SOURCES).optional(),
    consentDate: dateText.optional(),
    creationDate: dateText,
    retailerCode: z.number().int().optional(),
    retailerTitle: z
      .string()
      .optional()
      .meta({ description: "The broker retailer's title (with retailerCode).", example: 'XYZ TİCARET' }),
    retailerAccessCount: z.number().int(),
    transactionId: z.string(),
  })
  .meta({ id: 'ConsentStatus' });

export const movementView = z.object({
  consentDate: z.string(),
  creationDate: dateText,
  source: z.enum(CONSENT_SOURCES).optional(),
  recipient: z.string(),
  recipientType: z.enum(RECIPIENT_TYPES),
  status: z.enum(CONSENT_STATUSES),
  type: z.enum(CONSENT_TYPES),
  transactionId: z.string(),
  citizenName: z.string().optional(),
});

export const historyResponse = z
  .object({
    list: z.array(movementView.omit({ citizenName: true })),
    pagination: z.object({
      totalCount: z.number().int(),
      pageSize: z.number().int(),
      offset: z.number().int(),
    }),
  })
  .meta({ id: 'ConsentHistory' });

export const pullResponse = z
  .object({
    after: z.string().meta({ example: `1597740617_${'b'.repeat(64)}` }),
    list: z.array(movementView),
  })
  .meta({ id: 'ConsentChanges' });

export const batchStatusResponse = z
  .object({ requestId: z.string(), list: z.array(z.string()) })
  .meta({ id: 'MultipleConsentStatus' });

const intText = (invalid: string) =>
  z
    .string(codes(invalid, invalid))
    .regex(/^-?\d+$/, invalid)
    .transform(Number);

export const historyQuery = z.object({
  limit: intText('H183')
    .pipe(
      z
        .number()
        .refine((n) => n !== 0, 'H187')
        .refine((n) => n > 0, 'H183')
        .refine((n) => n <= 100, 'H186'),
    )
    .optional()
    .meta({ description: '1–100, default 100' }),
  offset: intText('H182').pipe(z.number().min(0, 'H182')).optional().meta({ description: '≥ 0, default 0' }),
});

export const pullQuery = z.object({
  source: z
    .enum(['HS', 'IYS'], codes('H506', 'H506'))
    .optional()
    .meta({ description: 'HS or IYS (default IYS)' }),
  limit: intText('H507')
    .pipe(z.number().int().min(1, 'H507').max(1000, 'H507'))
    .optional()
    .meta({ description: '1–1000, default 1000' }),
  after: z
    .string()
    .regex(/^\d{1,10}_[0-9a-f]{64}$/, 'X008')
    .optional()
    .meta({ description: '`<unixSeconds>_<transactionId>` of the last item received' }),
});

export const statusPath = {
  recipientType: z.enum(RECIPIENT_TYPES, codes('H116', 'H116')),
  type: z.enum(CONSENT_TYPES, codes('H117', 'H117')),
};

/** The channel a consent body names, when it names a valid one (for the integrator's per-channel rights). */
export function channelOf(body: unknown): Channel[] {
  const t = (body as { type?: unknown } | undefined)?.type;
  return (CONSENT_TYPES as readonly unknown[]).includes(t) ? [t as Channel] : [];
}
