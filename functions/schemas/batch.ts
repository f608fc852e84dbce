import { z } from 'zod';
import { consentSchema } from '../domain/consent/schema.js';
import { CONSENT_TYPES } from '../domain/consent/types.js';
import type { Channel } from '../domain/rights.js';

/**
 * Async batch bodies and answers (İYS addBatchConsent(V2), searchRequestDetails(V2)). The body is an array
 * of consent bodies (the consent schema); the use case checks it item by item with validateConsent, so the
 * clock rules and H194 are reported together with the field rules, each with its `index`.
 */
export const batchBody = z.array(consentSchema).min(1).max(1000).meta({
  description: '1–1000 consent bodies; no two for the same (recipientType, type, recipient) (H194).',
});

const dateText = z.string().meta({ description: "'YYYY-MM-DD HH:mm:ss', Turkey time" });

export const batchAccepted = z
  .object({
    requestId: z.string().meta({ example: '3f0c7f0e-8a43-4b52-9f51-0b8f3d1f5a11' }),
    subRequests: z.array(
      z.object({
        subrequestId: z.string(),
        type: z.string(),
        source: z.string().optional(),
        recipient: z.string(),
        status: z.string(),
        consentDate: z.string().optional(),
        recipientType: z.string(),
        creationDate: dateText,
      }),
    ),
  })
  .meta({ id: 'AddMultipleConsentResponse' });

const itemError = z.object({ code: z.string(), message: z.string() });

export const requestDetailsResponse = z
  .array(
    z.object({
      index: z.number().int(),
      subrequestId: z.string(),
      status: z.enum(['success', 'failure', 'enqueue']),
      requestId: z.string().optional(),
      transactionId: z.string().optional(),
      creationDate: dateText.optional(),
      error: itemError.optional(),
      isAddConsentV2Service: z.boolean().optional(),
      originalRequestInformation: z.object({ requestId: z.string(), subRequestId: z.string() }).optional(),
    }),
  )
  .meta({ id: 'SearchConsentResponseV2' });

/** The channels a batch writes (an integrator needs write rights on each). */
export function batchChannels(body: unknown): Channel[] {
  if (!Array.isArray(body)) return [];
  const set = new Set<Channel>();
  for (const item of body) {
    const t = (item as { type?: unknown } | null)?.type;
    if ((CONSENT_TYPES as readonly unknown[]).includes(t)) set.add(t as Channel);
  }
  return [...set];
}
