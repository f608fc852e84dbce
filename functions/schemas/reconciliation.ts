import { z } from 'zod';

/** Reconciliation (MUTABAKAT) bodies and answers, as in İYS's OpenAPI 3.2.0. */
export const recipientTypeParam = z.enum(['BIREYSEL', 'TACIR'], { error: 'H116' });

export const changeSummaryResponse = z.object({
  changeStats: z.array(
    z.object({
      type: z.enum(['ARAMA', 'MESAJ', 'EPOSTA']),
      consents: z.array(
        z.object({
          source: z.enum(['HS', 'IYS']),
          approval: z.number().int(),
          rejection: z.number().int(),
          pending: z.number().int(),
          total: z.number().int(),
        }),
      ),
    }),
  ),
});

export const agreementDateResponse = z.object({
  processStatus: z.enum(['queued', 'inprogress', 'completed', 'error']),
  hashValue: z.string().meta({ description: 'SHA-384 of the day file, lower-case hex' }),
  hashMethod: z.literal('SHA384'),
  agreementStatus: z.boolean(),
});

/** Only `true` is accepted (H512 for false, as İYS). */
export const agreementPutBody = z.strictObject({
  agreementStatus: z.boolean({ error: 'H512' }).refine((v) => v === true, { message: 'H512' }),
});

export const agreementCaptured = z.object({ agreementCaptured: z.literal(true) });
