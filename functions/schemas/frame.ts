import { z } from 'zod';
import { CONSENT_TYPES, RECIPIENT_TYPES } from '../domain/consent/types.js';
import { codes } from '../domain/validation.js';
import { FRAME_CONSENT_TYPES, FRAME_KVK_TYPES, FRAME_VERIFICATION_TYPES } from '../domain/via/frame.js';

/** ViA Frame (docs/via-frame.md): our widget management, and İYS's VİA FRAME operations' bodies and answers. */

const text = (max: number) => z.string(codes('X008', 'X008')).trim().min(1, 'X008').max(max, 'X049');

export const widgetDefinitionBody = z.strictObject(
  {
    name: text(120).describe('Widget adı (formun başlığı)'),
    brandCodes: z
      .array(z.number(codes('X008', 'X008')).int('X008').positive('X008'), codes('X008', 'X008'))
      .max(20, 'X008'),
    etkTypes: z.array(z.enum(CONSENT_TYPES, codes('X008', 'X008')), codes('X008', 'X008')).max(3, 'X008'),
    kvkTypes: z.array(z.enum(FRAME_KVK_TYPES, codes('X008', 'X008')), codes('X008', 'X008')).max(3, 'X008'),
    recipientType: z.enum(RECIPIENT_TYPES, codes('X008', 'X008')),
    verificationTypes: z
      .array(z.enum(FRAME_VERIFICATION_TYPES, codes('X008', 'X008')), codes('X008', 'X008'))
      .min(1, 'X008')
      .max(2, 'X008'),
    allowedOrigins: z
      .array(z.string(codes('X008', 'X008')).max(300, 'X008'), codes('X008', 'X008'))
      .min(1, 'X008')
      .max(10, 'X008')
      .describe(
        'Widget’ı gömebilecek kökenler: https://alan[:port] (yerel gösteri için http://127.0.0.1:port)',
      ),
    formText: text(10_000).describe('Alıcıya gösterilen ETK onay metni'),
    kvkText: text(20_000).optional().describe('KVK aydınlatma metni (kvkTypes boş değilse zorunlu)'),
  },
  codes('X008', 'X008'),
);

export const widgetView = z.object({
  widgetUUID: z.uuid(),
  iysCode: z.number().int(),
  name: z.string(),
  brandCodes: z.array(z.number().int()),
  etkTypes: z.array(z.enum(CONSENT_TYPES)),
  kvkTypes: z.array(z.enum(FRAME_KVK_TYPES)),
  recipientType: z.enum(RECIPIENT_TYPES),
  verificationTypes: z.array(z.enum(FRAME_VERIFICATION_TYPES)),
  allowedOrigins: z.array(z.string()),
  formText: z.string(),
  kvkText: z.string().optional(),
  formId: z.number().int().describe('Widget metinlerini taşıyan ViA formu (OTP)'),
  createdAt: z.string(),
  createdBy: z.string(),
  embed: z.string().describe('Sağlayıcının sayfasına konacak HTML (bir div ve yükleyici betik)'),
});

export const widgetListResponse = z.object({ list: z.array(widgetView) });

export const publicKeyResponse = z.object({
  status: z.literal('SUCCESS'),
  message: z
    .array(z.string())
    .describe('İlk öğe "nonce|alan adı": tek kullanımlık nonce ve gömen sayfanın alan adı'),
});

export const loadWidgetQuery = z.object({ apinoncekey: z.string().max(200).optional() });

export const loadWidgetResponse = z.object({
  status: z.literal('SUCCESS'),
  message: z.object({
    widgetUUID: z.uuid(),
    title: z.string(),
    framePath: z.string().describe('Widget çerçevesinin yolu (API kökünün altında)'),
    nonceKey: z.string(),
    cookieKey: z.string(),
    csrfToken: z.string(),
    expiresAt: z.string(),
  }),
});

const securityFields = {
  cookieKey: z.string(codes('X093', 'X093')).min(1, 'X093').max(200, 'X093'),
  csrfToken: z.string(codes('X093', 'X093')).min(1, 'X093').max(200, 'X093'),
  nonceKey: z.string(codes('X092', 'X092')).min(1, 'X092').max(200, 'X092'),
};

const name = z.string(codes('X008', 'X008')).max(200, 'X008');

export const processStartBody = z.object(
  {
    etkTypes: z.array(z.string(codes('X008', 'X008')).max(20, 'X008'), codes('X008', 'X008')).max(3, 'X008'),
    kvkTypes: z.array(z.string(codes('X008', 'X008')).max(30, 'X008'), codes('X008', 'X008')).max(3, 'X008'),
    recipient: z.string(codes('H114', 'H114')).min(1, 'H114').max(254, 'H114'),
    verificationType: z.string(codes('X008', 'X008')).max(30, 'X008'),
    recipientType: z.string(codes('H170', 'H116')).max(20, 'H116'),
    captchaText: z.string(codes('X008', 'X008')).max(20, 'X008').optional(),
    cid: z.string(codes('X008', 'X008')).max(60, 'X008').optional(),
    widgetUUID: z.string(codes('X008', 'X008')).max(60, 'X008'),
    citizenName: name.optional(),
    ...securityFields,
  },
  codes('X008', 'X008'),
);

export const processCompleteBody = z.object(
  {
    requestId: z.string(codes('X008', 'X008')).max(60, 'X008'),
    otpCode: z.string(codes('X098', 'X008')).max(12, 'X008').optional(),
    verificationType: z.string(codes('X008', 'X008')).max(30, 'X008'),
    consentType: z.enum(FRAME_CONSENT_TYPES, codes('X008', 'X008')),
    ...securityFields,
  },
  codes('X008', 'X008'),
);

export const processStartResponse = z.object({
  status: z.enum(['SUCCESS', 'CAPTCHA_REQUIRED']),
  message: z
    .object({
      requestId: z.string().optional(),
      nonceKey: z.string().describe('Bir sonraki isteğin nonce anahtarı (gönderilen harcandı)'),
      timeout: z.number().int().optional().describe('Kodun ömrü, saniye'),
      recipient: z.string().optional().describe('Maskelenmiş adres'),
      captchaId: z.string().optional(),
      captchaImage: z.string().optional().describe('data:image/svg+xml görseli'),
      reason: z.enum(['MISSING', 'WRONG']).optional(),
    })
    .describe('Süreç başlatma sonucu (requestId, ya da captchaId ve görseli)'),
});

export const processCompleteResponse = z.object({
  status: z.literal('SUCCESS'),
  message: z.string(),
});
