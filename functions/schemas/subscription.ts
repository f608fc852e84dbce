import { z } from 'zod';

/** get-subscription / getIntegratorSubscription answers (İYS §7.12); integrators see no limit fields. */
export const subscriptionAnswer = z
  .object({
    subscriptionId: z.string(),
    startDate: z.string().meta({ example: '2026-01-01 00:00:00' }),
    expirationDate: z.string().meta({ example: '2026-12-31 23:59:59' }),
    subscriptionPackageName: z.string().meta({ example: 'İleti+' }),
    status: z.enum(['ACTIVE', 'PAUSED', 'EXPIRED', 'CLOSED']),
    consentLimit: z.number().int().optional(),
    consentLimitExceed: z.boolean().optional(),
    usedConsentLimit: z.number().int().optional(),
    iysCode: z.number().int().optional(),
  })
  .meta({ id: 'Subscription' });
