import { z } from 'zod';
import { RECIPIENT_TYPES } from '../domain/consent/types.js';
import { codes } from '../domain/validation.js';

export const MAX_LINK_RECIPIENTS = 100;

export const viaHashLinksBody = z.strictObject(
  {
    recipients: z
      .array(
        z.strictObject(
          {
            recipient: z.string(codes('H114', 'H120')).min(1, 'H114'),
            recipientType: z.enum(RECIPIENT_TYPES, codes('H170', 'H116')),
          },
          codes('H097', 'H097'),
        ),
        codes('H168', 'H168'),
      )
      .min(1, 'H168')
      .max(MAX_LINK_RECIPIENTS, 'X048'),
  },
  codes('H097', 'H097'),
);

export const viaHashLinksResponse = z.array(
  z.object({
    recipient: z.string(),
    url: z.string().optional(),
    code: z.string().optional(),
    message: z.string().optional(),
  }),
);
