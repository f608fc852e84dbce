import { z } from 'zod';

/**
 * ViA PASS bodies and answers (İYS OAS tag ViA PASS; docs/via-pass.md). The operations check their bodies
 * with the domain's rules (functions/domain/via/pass.ts) so that a wrong field is answered ERR-VLD-001 in
 * ViA PASS's shape; these schemas document them.
 */
const uuid = z.string().meta({ example: '0754af62-a462-4985-9bf1-dd588a1edd4f' });
const templateId = z.string().meta({ example: '10001', description: 'İlgili işleme ait şablon kimliği.' });
const vkn = z.string().meta({ example: '1111111111', description: 'Vergi Kimlik Numarası' });

export const viaPassError = z
  .object({
    errorCode: z.string().meta({ example: 'ERR-SYS-0007' }),
    errorMessage: z.string().meta({ example: 'Alt sistem hatası.' }),
    data: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    subSystemErrorInfo: z
      .object({
        status: z.number().int().meta({ example: 404 }),
        errors: z.array(
          z.object({
            code: z.string().meta({ example: 'H1107' }),
            message: z.string().meta({ example: 'Geçersiz template id!' }),
            value: z.string().optional(),
          }),
        ),
      })
      .optional(),
  })
  .meta({ id: 'ViaPassError' });

export const smsStartBody = z
  .object({
    phoneNumber: z.string().meta({ example: '+905301112233' }),
    templateId,
    vkn,
  })
  .meta({ id: 'ViaPassSmsStartRequest' });

export const emailStartBody = z
  .object({
    email: z.string().meta({ example: 'ornekeposta@ornekeposta.com' }),
    templateId,
    vkn,
  })
  .meta({ id: 'ViaPassEmailStartRequest' });

export const completeBody = z
  .object({ otpCode: z.string().meta({ example: '123456' }), requestId: uuid })
  .meta({ id: 'ViaPassCompleteRequest' });

export const historyBody = z.object({ requestId: uuid }).meta({ id: 'ViaPassHistoryRequest' });

export const historyQuery = z.object({
  page: z.string().optional().meta({ description: 'Sayfa (1’den başlar)', example: '1' }),
  pageSize: z.string().optional().meta({ description: 'Sayfa boyutu (en fazla 100)', example: '20' }),
});

export const startAnswer = z
  .object({ data: z.object({ requestId: uuid }), message: z.string() })
  .meta({ id: 'ViaPassStartResponse' });

export const shortUrlStartAnswer = z
  .object({
    data: z.array(z.object({ requestId: uuid, shortUrl: z.string() })),
    message: z.string(),
  })
  .meta({ id: 'ViaPassShortUrlStartResponse' });

export const messageAnswer = z.object({ message: z.string() }).meta({ id: 'ViaPassMessage' });

export const historyAnswer = z
  .object({
    content: z.array(
      z.object({
        requestType: z.enum(['SMS', 'EMAIL', 'SMS SHORT URL', 'EMAIL SHORT URL']),
        status: z.enum(['OTP Generation', 'SUCCESS', 'FAILURE', 'OTP Completed']),
        description: z.string(),
        transactionDate: z.string().meta({ example: '2025-06-18 17:26:25.187000' }),
      }),
    ),
    pagination: z.object({
      currentPage: z.number().int(),
      totalItems: z.number().int(),
      totalPages: z.number().int(),
      elementsInPage: z.number().int(),
    }),
  })
  .meta({ id: 'ViaPassHistory' });

const turkeyTime = z.string().meta({ example: '2026-01-01 00:00:00' });
export const passSubscriptionAnswer = z
  .object({
    data: z.array(
      z.object({
        iysViaSubscriptionId: z.string(),
        iysCode: z.number().int(),
        startDate: turkeyTime,
        expirationDate: turkeyTime,
        creationDate: turkeyTime,
        lastUpdateDate: turkeyTime,
        autoRenewal: z.boolean(),
        viaCredit: z.number().int(),
        status: z.string(),
        viaSubscriptionPackage: z.object({
          viaSubscriptionId: z.string(),
          startDate: turkeyTime,
          expirationDate: turkeyTime,
          viaSubscriptionPackageName: z.string(),
          status: z.string(),
          viaCredit: z.number().int(),
          isLimited: z.boolean(),
        }),
      }),
    ),
    message: z.string(),
  })
  .meta({ id: 'ViaPassSubscription' });

export const templateBody = z
  .object({
    channel: z.enum(['SMS', 'EPOSTA']),
    method: z.enum(['OTP', 'SHORT_URL']),
    name: z.string().max(100).optional(),
    message: z.string().meta({
      description:
        'İleti metni: OTP şablonunda {{otp}}, kısa link şablonunda {{link}} yer tutucusunu bir kez içerir.',
      example: 'Doğrulama kodunuz: {{otp}}. Kodu kimseyle paylaşmayınız.',
    }),
    subject: z.string().max(200).optional().meta({ description: 'E-posta konusu (yalnızca EPOSTA)' }),
    clarification: z.string().meta({ description: 'Alıcıya gösterilen aydınlatma metni' }),
  })
  .meta({ id: 'ViaPassTemplateRequest' });

const template = z.object({
  templateId,
  iysCode: z.number().int(),
  channel: z.enum(['SMS', 'EPOSTA']),
  method: z.enum(['OTP', 'SHORT_URL']),
  name: z.string(),
  message: z.string(),
  subject: z.string().optional(),
  clarification: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});

export const templateAnswer = z
  .object({ data: template, message: z.string() })
  .meta({ id: 'ViaPassTemplateResponse' });
export const templateListAnswer = z
  .object({ data: z.array(template), message: z.string() })
  .meta({ id: 'ViaPassTemplateList' });

/** A documented ViA PASS refusal: its codes (and the subsystem's H-codes) in the description. */
export const passRefusal = (description: string) => ({ description, schema: viaPassError });
