import { z } from 'zod';
import { limits } from '../domain/citizen.js';
import { CONSENT_STATUSES, CONSENT_TYPES, RECIPIENT_TYPES } from '../domain/consent/types.js';
import { codes } from '../domain/validation.js';

/** Bodies of the recipient (citizen) API and the channels (api.md, "Recipients, authorities, channels"). */
const recipient = z
  .string(codes('H114', 'H121'))
  .min(1, 'H114')
  .max(300, 'H121')
  .meta({ description: 'Telefon (E.164, örn. +905321234567) veya e-posta adresi', example: '+905321234567' });
export const consentType = z.enum(CONSENT_TYPES, codes('H111', 'H117'));
export const consentStatus = z.enum(CONSENT_STATUSES, codes('H110', 'H115'));
const recipientType = z.enum(RECIPIENT_TYPES, codes('H170', 'H116'));
const code = (missing: string, invalid: string) =>
  z.number(codes(missing, invalid)).int(invalid).positive(invalid).max(999_999_999_999, invalid);

export const verificationBody = z.strictObject({ recipient }, codes('X008', 'X008'));

export const sessionBody = z.strictObject(
  {
    recipient,
    code: z.string(codes('X040', 'X040')).regex(/^\d{6}$/, 'X040'),
  },
  codes('X008', 'X008'),
);
export const sessionResponse = z.object({ token: z.string(), expiresAt: z.string() });

export const citizenConsentChange = z.strictObject(
  {
    iysCode: code('H190', 'H190'),
    brandCode: code('H191', 'H191'),
    type: consentType,
    status: consentStatus,
    recipientType: recipientType.optional(),
  },
  codes('X008', 'X008'),
);

export const citizenBrandAdd = z.strictObject(
  {
    brandCode: code('H191', 'H191'),
    type: consentType,
    citizenName: z
      .string(codes('X049', 'X049'))
      .min(1, 'X049')
      .max(limits.citizenName, 'X049')
      .optional()
      .meta({
        description: `Alıcının adı (en fazla ${limits.citizenName} karakter); yalnızca markanın sahibi görür.`,
      }),
  },
  codes('X008', 'X008'),
);

export const citizenConsent = z.object({
  iysCode: z.number(),
  providerTitle: z.string(),
  brandCode: z.number(),
  brandName: z.string(),
  type: z.enum(CONSENT_TYPES),
  recipientType: z.enum(RECIPIENT_TYPES),
  status: z.enum(CONSENT_STATUSES),
  source: z.string().optional(),
  consentDate: z.string().optional(),
  creationDate: z.string(),
});
export const citizenConsentList = z.object({ recipient: z.string(), list: z.array(citizenConsent) });
export const recordedChange = z.object({ transactionId: z.string(), creationDate: z.string() });

export const callCentreBody = z.strictObject(
  {
    recipient,
    iysCode: code('H190', 'H190'),
    brandCode: code('H191', 'H191'),
    type: consentType,
    status: consentStatus,
    recipientType: recipientType.optional(),
  },
  codes('X008', 'X008'),
);

export const smsInboundBody = z.strictObject(
  {
    from: z.string(codes('H114', 'H121')).min(1, 'H114').max(20, 'H121'),
    to: z.string(codes('X008', 'X008')).min(1, 'X008').max(20, 'X008'),
    text: z.string(codes('X049', 'X049')).max(480, 'X049'),
    receivedAt: z.iso.datetime({ offset: true, error: 'X008' }),
  },
  codes('X008', 'X008'),
);
