import type { IysError, IysErrorItem } from '../errors.js';

/**
 * ViA PASS's own error shape (İYS OAS, tag ViA PASS and its error table): `{errorCode, errorMessage, data?,
 * subSystemErrorInfo?}`, not the `{"errors":[…]}` of the rest of the API. Its codes are OTP-ERROR-001…012,
 * ERR-SYS-0001…0007 and ERR-VLD-001/002; an İYS H-code (or one of ours) travels inside
 * `subSystemErrorInfo` under ERR-SYS-0007 ("alt sistem hatası"), as İYS's examples show (H1107, H1052, H083…).
 * Use cases throw İYS's usual IysError with H-codes, or ViaPassError for a top-level code; the operations
 * that declare `errorShape: 'viaPass'` answer through `viaPassAnswer` (functions/http/api-handler.ts).
 */
export const viaPassCodes = {
  'OTP-ERROR-001': { status: 404, message: 'Otp request ek bilgi kaydı bulunamadı.' },
  'OTP-ERROR-002': { status: 404, message: 'Girilen request id ile ilgili işlem bulunamadı.' },
  'OTP-ERROR-003': { status: 400, message: 'OTP doğrulama sürecinde hata oluştu.' },
  'OTP-ERROR-004': { status: 400, message: 'requestId bulunamadı.' },
  'OTP-ERROR-005': { status: 403, message: 'İstek gövdesi boş olamaz.' },
  'OTP-ERROR-006': { status: 400, message: 'requestId boş olamaz.' },
  'OTP-ERROR-007': {
    status: 403,
    message: "Gönderilen iysCode'un mevcut API kullanıcısı için yetkisi bulunmamaktadır.",
  },
  'OTP-ERROR-008': { status: 403, message: 'requestId bulunamadı.' },
  'OTP-ERROR-009': { status: 400, message: 'İstek gövdesinde requestId değeri bulunamadı.' },
  'OTP-ERROR-010': { status: 403, message: "İstek gövdesinde sadece 'requestId' alanı olmalıdır." },
  'OTP-ERROR-012': { status: 400, message: 'Beklenmedik bir hata oluştu.' },
  'ERR-SYS-0001': { status: 400, message: 'İstemci Hatası.' },
  'ERR-SYS-0002': { status: 503, message: 'Beklenmedik bir hata oluştu.' },
  'ERR-SYS-0003': { status: 504, message: 'Beklenmedik bir hata oluştu.' },
  'ERR-SYS-0004': {
    status: 500,
    message:
      'Teknik nedenlerden dolayı şu anda işleminizi gerçekleştiremiyoruz. Lütfen bir süre sonra tekrar deneyiniz.',
  },
  'ERR-SYS-0005': {
    status: 403,
    message: "Gönderilen iysCode'un mevcut API kullanıcısı için yetkisi bulunmamaktadır.",
  },
  'ERR-SYS-0006': { status: 401, message: 'Yetkisiz erişim' },
  'ERR-SYS-0007': { status: 400, message: 'Alt sistem hatası.' },
  'ERR-VLD-001': { status: 400, message: 'validasyon hatası' },
} as const;
export type ViaPassCode = keyof typeof viaPassCodes;

/** Our code for one field of a ViA PASS body that is wrong; answered as ERR-VLD-001 `data[]` (docs/via-pass.md). */
export const fieldErrorCode = 'X080';

export interface ViaPassBody {
  errorCode: string;
  errorMessage: string;
  data?: { field: string; message: string }[];
  subSystemErrorInfo?: { status: number; errors: { code: string; message: string; value?: string }[] };
}

/** A refusal with a top-level ViA PASS code (OTP-ERROR-…, ERR-SYS-…). */
export class ViaPassError extends Error {
  readonly status: number;
  readonly body: ViaPassBody;
  constructor(code: ViaPassCode, message?: string) {
    super(code);
    this.name = 'ViaPassError';
    this.status = viaPassCodes[code].status;
    this.body = { errorCode: code, errorMessage: message ?? viaPassCodes[code].message };
  }
}

/** One wrong field, as the body checks report it (an IysErrorItem the pipeline carries). */
export function fieldError(field: string, message: string): IysErrorItem {
  return { code: fieldErrorCode, message, location: [field] };
}

const top = (code: ViaPassCode): ViaPassBody => ({
  errorCode: code,
  errorMessage: viaPassCodes[code].message,
});

/** What a ViA PASS operation answers for a refusal of the shared pipeline or a use case. */
export function viaPassAnswer(e: IysError): { status: number; body: ViaPassBody } {
  const first = e.errors[0]!;
  switch (first.code) {
    case 'H351':
      return { status: 401, body: top('ERR-SYS-0006') };
    // Wrong actor, another provider, or an unknown provider: one answer, so nothing is learnt about others.
    case 'H363':
    case 'H353':
    case 'H001':
      return { status: 403, body: top('ERR-SYS-0005') };
    case 'H014':
      return { status: 400, body: top('ERR-SYS-0001') };
    case 'H015':
      return { status: 500, body: top('ERR-SYS-0004') };
    case 'H190':
      return {
        status: 400,
        body: {
          ...top('ERR-VLD-001'),
          data: [{ field: 'iysCode', message: 'iysCode yalnızca rakamlardan oluşan bir sayı olmalıdır.' }],
        },
      };
  }
  if (e.errors.every((i) => i.code === fieldErrorCode || i.code === 'H118')) {
    return {
      status: 400,
      body: {
        ...top('ERR-VLD-001'),
        data: e.errors.map((i) => ({
          field: (i.location ?? []).join('.'),
          message: i.code === 'H118' ? 'Bu alan kabul edilmemektedir.' : i.message,
        })),
      },
    };
  }
  // A subsystem's refusal: the HTTP status is the subsystem's when it is a 4xx (ERR-SYS-0007 is "4xx" in
  // İYS's table; H1107 leaves as 404, H1040 as 403, H083 as 429), else 400 (İYS's H1058 and H1003 examples).
  const status = e.status >= 400 && e.status < 500 ? e.status : 400;
  return {
    status,
    body: {
      ...top('ERR-SYS-0007'),
      subSystemErrorInfo: {
        status: e.status,
        errors: e.errors.map((i) => ({
          code: i.code,
          message: i.message,
          ...(typeof i.value === 'string' ? { value: i.value } : {}),
        })),
      },
    },
  };
}
