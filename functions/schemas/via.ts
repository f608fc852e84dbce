import { z } from 'zod';
import { CONSENT_TYPES, RECIPIENT_TYPES } from '../domain/consent/types.js';
import { codes } from '../domain/validation.js';
import { FORM_KINDS, KVK_TYPES, VERIFICATION_TYPES, VIA_TITLES } from '../domain/via/request.js';

/**
 * ViA's wire shapes (İYS "İleti ViA", docs/via.md). The start and confirmation bodies are checked by the
 * domain (functions/domain/via/request.ts: İYS's H10xx codes); these schemas document them.
 */
const formId = z
  .union([z.number().int(), z.string()])
  .meta({ description: 'ViA formunun numarası (tamsayı; "1" gibi metin de kabul edilir)', example: '1' });

export const viaEtk = z.object({
  title: z.literal('ETK'),
  brandCodes: z.array(z.number().int()).meta({ example: [661467] }),
  types: z.array(z.enum(CONSENT_TYPES)).meta({ example: ['MESAJ', 'ARAMA'] }),
  recipientType: z.enum(RECIPIENT_TYPES),
});

export const viaKvk = z.object({
  title: z.literal('KVK'),
  types: z.array(z.enum(KVK_TYPES)),
  personData: z.object({
    name: z.string(),
    recipientIdNumber: z.string().optional(),
    address: z.string().optional(),
  }),
});

export const viaStartBody = z
  .object({
    formId,
    recipient: z.string().meta({ example: '+905123456789' }),
    verificationType: z.enum(VERIFICATION_TYPES),
    consentTypes: z.array(z.union([viaEtk, viaKvk])),
  })
  .meta({
    example: {
      formId: '1',
      recipient: '+905123456789',
      verificationType: 'SMS_OTP',
      consentTypes: [
        { title: 'ETK', brandCodes: [661467], types: ['MESAJ', 'ARAMA'], recipientType: 'BIREYSEL' },
      ],
    },
  });

export const viaStartResponse = z.object({
  message: z.object({ requestId: z.string().meta({ example: '5b423dd7-bb23-4546-b733-d8273468d972' }) }),
  code: z.literal('OK'),
});

export const viaConfirmBody = z.object({
  requestId: z.string(),
  verificationType: z.enum(VERIFICATION_TYPES),
  consentTypes: z.array(
    z.object({ title: z.enum(VIA_TITLES), otpCode: z.string().meta({ example: '393291' }) }),
  ),
});

const created = z.object({
  transactionId: z.string(),
  creationDate: z.string().meta({ example: '2024-05-03 16:45:12' }),
  type: z.string().meta({ example: 'MESAJ' }),
  brandCode: z.string().optional().meta({ description: 'ETK izinlerinde marka kodu' }),
});

export const viaConfirmResponse = z.object({ message: z.array(created), code: z.literal('OK') });

const detail = z.object({
  brandCode: z.string().optional(),
  consentTypeChoice: z.string(),
  consentType: z.enum(VIA_TITLES),
  operationStatusMessage: z.enum(['Onay verildi', 'Onay verilmedi']),
  transactionId: z.string().optional(),
  consentDate: z.string().optional(),
});

export const viaRequestResponse = z.object({
  message: z.object({
    requestId: z.string(),
    formId: z.string(),
    source: z.string().meta({ example: 'IYS_KISAMESAJ' }),
    recipientName: z.string().optional(),
    recipientIdNumber: z.string().optional(),
    iysCode: z.string(),
    recipient: z.string(),
    recipientType: z.enum(RECIPIENT_TYPES).optional(),
    consentSource: z.enum(VERIFICATION_TYPES),
    requestDate: z.string().meta({ example: '2024-07-09 10:43:16.038' }),
    requestDetails: z.array(detail),
    lastStatus: z.object({
      stage: z.string().meta({ example: 'COMPLETED' }),
      status: z.string().meta({ example: 'SUCCESS' }),
    }),
  }),
  code: z.literal('OK'),
});

export const viaKvkConsentResponse = z.object({
  message: z.array(
    z.object({
      requestId: z.string(),
      type: z.enum(KVK_TYPES),
      source: z.string(),
      iysCode: z.string(),
      recipient: z.string(),
      recipientName: z.string().optional(),
      recipientIdNumber: z.string().optional(),
      consentDate: z.string(),
      status: z.literal('ONAY'),
      transactionId: z.string(),
    }),
  ),
  code: z.literal('OK'),
});

export const viaKvkSearchBody = z.object({
  type: z.enum(KVK_TYPES),
  recipient: z.string().meta({ example: '+905300000000' }),
});

export const viaKvkSearchResponse = z.object({ message: z.array(z.string()), code: z.literal('OK') });

/** Our forms operations (İYS has them on its portal's ViA screen). */
export const viaFormBody = z.strictObject(
  {
    name: z.string(codes('X049', 'X049')).min(1, 'X049').max(200, 'X049'),
    kind: z.enum(FORM_KINDS, codes('X008', 'X008')),
    titles: z
      .array(z.enum(VIA_TITLES, codes('X008', 'X008')), codes('X008', 'X008'))
      .min(1, 'X008')
      .max(2, 'X008'),
    text: z.string(codes('X049', 'X049')).min(1, 'X049').max(20_000, 'X049'),
    published: z.boolean(codes('X008', 'X008')).optional(),
  },
  codes('X008', 'X008'),
);

export const viaForm = z.object({
  formId: z.number().int(),
  name: z.string(),
  kind: z.enum(FORM_KINDS),
  titles: z.array(z.enum(VIA_TITLES)),
  text: z.string(),
  textSha256: z.string(),
  published: z.boolean(),
  createdAt: z.string(),
});

export const viaFormsResponse = z.object({ list: z.array(viaForm) });
