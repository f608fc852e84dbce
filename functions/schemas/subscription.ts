import { z } from 'zod';
import { parseTurkeyTime } from '../domain/consent/dates.js';
import { subscriptionStatuses } from '../domain/subscription.js';
import { codes } from '../domain/validation.js';

const turkeyText = z.string().meta({ example: '2026-01-01 00:00:00' });
const status = z.enum(['ACTIVE', 'PAUSED', 'EXPIRED', 'CLOSED']);

/** İYS's `viaSubscriptionPackage`; integrators do not see `viaCredit` (−1: unlimited). */
export const viaPackageAnswer = z.object({
  startDate: turkeyText,
  viaSubscriptionId: z.string(),
  expirationDate: turkeyText,
  viaSubscriptionPackageName: z.string().meta({ example: 'VİA-25' }),
  viaCredit: z.number().int().optional(),
  status,
});

/** get-subscription / getIntegratorSubscription answers (İYS §7.12); integrators see no limit fields. */
export const subscriptionAnswer = z
  .object({
    subscriptionId: z.string(),
    startDate: turkeyText,
    expirationDate: z.string().meta({ example: '2026-12-31 23:59:59' }),
    subscriptionPackageName: z.string().meta({ example: 'İleti+' }),
    status,
    consentLimit: z.number().int().optional(),
    consentLimitExceed: z.boolean().optional(),
    usedConsentLimit: z.number().int().optional(),
    iysCode: z.number().int().optional(),
    viaSubscriptionPackage: viaPackageAnswer.optional(),
  })
  .meta({ id: 'Subscription' });

/** A Turkey-time 'YYYY-MM-DD HH:mm:ss' text, stored as an ISO instant. */
const instant = z
  .string(codes('X008', 'X008'))
  .refine((t) => parseTurkeyTime(t) !== undefined, 'X008')
  .transform((t) => new Date(parseTurkeyTime(t)!).toISOString())
  .meta({ description: "'YYYY-MM-DD HH:mm:ss', Turkey time", example: '2026-01-01 00:00:00' });

/** A ViA or ViA PASS package in an operator's change, in get-subscription's words. */
const viaPackageChange = z.strictObject(
  {
    viaSubscriptionPackageName: z.string(codes('X008', 'X008')).min(1, 'X008').max(100, 'X008'),
    viaCredit: z
      .number(codes('X008', 'X008'))
      .int('X008')
      .min(-1, 'X008')
      .meta({ description: 'Credits left; −1 is unlimited.' }),
    status: z.enum(subscriptionStatuses as [string, ...string[]], codes('X008', 'X008')),
    viaSubscriptionId: z.string(codes('X008', 'X008')).min(1, 'X008').max(100, 'X008').optional(),
    startDate: instant.optional(),
    expirationDate: instant.optional(),
  },
  codes('X008', 'X008'),
);

/**
 * An operator's change of a provider's subscription (our extension, docs/subscriptions.md): the whole
 * subscription in get-subscription's words, so that an operator can read, edit and send it back, plus why.
 */
export const subscriptionChangeBody = z
  .strictObject(
    {
      subscriptionPackageName: z.string(codes('X008', 'X008')).min(1, 'X008').max(100, 'X008'),
      status: z.enum(subscriptionStatuses as [string, ...string[]], codes('X008', 'X008')),
      consentLimit: z.number(codes('X008', 'X008')).int('X008').nonnegative('X008'),
      consentLimitExceed: z.boolean(codes('X008', 'X008')),
      api: z
        .boolean(codes('X008', 'X008'))
        .meta({ description: 'The package includes API use (H586 otherwise).' }),
      subscriptionId: z.string(codes('X008', 'X008')).min(1, 'X008').max(100, 'X008').optional(),
      startDate: instant.optional(),
      expirationDate: instant.optional(),
      viaSubscriptionPackage: viaPackageChange.optional(),
      viaPassSubscriptionPackage: viaPackageChange.optional().meta({
        description:
          'The ViA PASS package (ours: get-subscription has no field for it), in the same words; left out, the provider keeps its own.',
      }),
      reason: z
        .string(codes('X008', 'X008'))
        .trim()
        .min(1, 'X008')
        .max(500, 'X008')
        .meta({ description: 'Why the subscription changes: kept in its history.' }),
      version: z
        .number(codes('X008', 'X008'))
        .int('X008')
        .nonnegative('X008')
        .optional()
        .meta({ description: 'The version read; when given, a change made since is refused with X010.' }),
    },
    codes('X008', 'X008'),
  )
  .meta({
    id: 'SubscriptionChange',
    example: {
      subscriptionPackageName: 'İleti-5 (Seviye 1)',
      status: 'ACTIVE',
      consentLimit: 5000,
      consentLimitExceed: false,
      api: true,
      startDate: '2026-01-01 00:00:00',
      expirationDate: '2026-12-31 23:59:59',
      viaSubscriptionPackage: { viaSubscriptionPackageName: 'VİA-25', viaCredit: 1500, status: 'ACTIVE' },
      reason: 'Paket yükseltme talebi #4711',
      version: 3,
    },
  });
export type SubscriptionChangeBody = z.output<typeof subscriptionChangeBody>;

/** Why an operator ends a provider's subscription (H524 afterwards). */
export const subscriptionEndBody = z
  .strictObject(
    {
      reason: z.string(codes('X008', 'X008')).trim().min(1, 'X008').max(500, 'X008'),
      version: z.number(codes('X008', 'X008')).int('X008').nonnegative('X008').optional(),
    },
    codes('X008', 'X008'),
  )
  .meta({ id: 'SubscriptionEnd', example: { reason: 'Sözleşme feshi', version: 4 } });

/** What an operator reads: the provider's answer, the API flag and the version a change must name. */
export const operatorSubscriptionAnswer = z
  .object({
    iysCode: z.number().int(),
    version: z.number().int(),
    subscription: subscriptionAnswer.extend({ api: z.boolean() }).nullable(),
  })
  .meta({ id: 'OperatorSubscription' });

const storedSubscription = z.record(z.string(), z.unknown()).nullable();

/** A provider's subscription history, newest first (our extension). */
export const subscriptionHistoryAnswer = z
  .object({
    list: z.array(
      z.object({
        version: z.number().int(),
        changedAt: turkeyText,
        changedBy: z.string(),
        reason: z.string(),
        fields: z.array(z.string()),
        before: storedSubscription,
        after: storedSubscription,
      }),
    ),
    next: z.string().optional().meta({ description: 'Pass as `after` for the next (older) page.' }),
  })
  .meta({ id: 'SubscriptionHistory' });

export const subscriptionHistoryQuery = z.strictObject(
  {
    limit: z
      .string(codes('X008', 'X008'))
      .regex(/^\d{1,3}$/, 'X008')
      .transform(Number)
      .pipe(z.number().int().min(1, 'X008').max(100, 'X008'))
      .optional(),
    after: z
      .string(codes('X008', 'X008'))
      .regex(/^\d{1,9}$/, 'X008')
      .optional(),
  },
  codes('X008', 'X008'),
);
