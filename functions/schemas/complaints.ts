import { z } from 'zod';
import { limits } from '../domain/citizen.js';
import { COMPLAINT_STATUSES } from '../domain/complaints.js';
import { codes } from '../domain/validation.js';
import { consentType } from './citizen.js';

export const complaintBody = z.strictObject(
  {
    brandCode: z
      .number(codes('H191', 'H191'))
      .int('H191')
      .positive('H191')
      .max(999_999_999_999, 'H191')
      .optional(),
    sender: z.string(codes('X051', 'X051')).min(1, 'X051').max(limits.sender, 'X049').optional(),
    type: consentType,
    receivedAt: z.iso.datetime({ offset: true, error: 'X050' }).meta({
      description: 'İletinin alındığı an, ISO 8601 (saat dilimiyle)',
      example: '2026-05-26T10:30:00+03:00',
    }),
    text: z
      .string(codes('X049', 'X049'))
      .min(1, 'X049')
      .max(limits.complaintText, 'X049')
      .meta({
        description: `Şikayet metni (en fazla ${limits.complaintText} karakter), olduğu gibi saklanır.`,
      }),
  },
  codes('X008', 'X008'),
);
export type ComplaintBody = z.output<typeof complaintBody>;

export const complaintStatus = z.enum(COMPLAINT_STATUSES, codes('X008', 'X008'));

export const citizenComplaint = z.object({
  complaintId: z.string(),
  status: complaintStatus,
  type: z.string(),
  brandCode: z.number().optional(),
  brandName: z.string().optional(),
  sender: z.string().optional(),
  receivedAt: z.string(),
  createdAt: z.string(),
  text: z.string(),
});

export const authorityQuery = z.strictObject({
  status: complaintStatus.optional(),
  from: z.iso.datetime({ offset: true, error: 'X008' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'X008' }).optional(),
  iysCode: z.coerce.number(codes('H190', 'H190')).int('H190').positive('H190').optional(),
});

export const authorityPatch = z.strictObject(
  {
    status: z.enum(['IN_REVIEW', 'UPHELD', 'DISMISSED'], codes('X008', 'X008')),
    note: z.string(codes('X049', 'X049')).min(1, 'X049').max(limits.note, 'X049'),
  },
  codes('X008', 'X008'),
);
