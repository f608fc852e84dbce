import catalogue from './h-codes.json' with { type: 'json' };

/** One entry of İYS's error body: `{"errors":[{code,message,location?,value?,index?}]}`. */
export interface IysErrorItem {
  code: string;
  message: string;
  location?: (string | number)[];
  value?: unknown;
  index?: number;
}

type Catalogue = Record<string, { status: number; message: string }>;
const hCodes = catalogue as Catalogue;

/**
 * Our own codes for situations İYS does not have (extensions). Range X001…X099, documented in docs/errors.md.
 */
export const xCodes: Catalogue = {
  X001: { status: 413, message: 'İstek gövdesi izin verilen boyutu aşıyor.' },
  X002: { status: 404, message: 'İstenen kaynak bulunamadı.' },
  X003: { status: 405, message: 'Bu yol için bu HTTP yöntemi desteklenmiyor.' },
  X004: { status: 415, message: 'İçerik türü desteklenmiyor.' },
  X005: { status: 404, message: 'İzin bulunamadı.' },
  X007: {
    status: 422,
    message:
      'Boş metin (string) veya null değer gönderilmemelidir; isteğe bağlı alanlar hiç gönderilmemelidir.',
  },
  X008: { status: 422, message: 'Alan değeri geçerli değil.' },
  X009: { status: 503, message: 'Hizmet geçici olarak kullanılamıyor, lütfen tekrar deneyin.' },
  X010: { status: 409, message: 'Kayıt eşzamanlı olarak güncellendi, lütfen tekrar deneyin.' },
  // Recipients, complaints, channels (X040–X059, docs/citizen.md).
  // Onboarding and administration (docs/onboarding.md): X021…X039 (X020 retired: deleteRetailer answers
  // İYS's H1022 for a retailer tied to a consent).
  X021: { status: 422, message: 'MERSİS numarası geçersiz.' },
  X022: { status: 422, message: 'MERSİS numarası vergi kimlik numarasıyla (VKN) uyuşmuyor.' },
  X023: { status: 404, message: 'Başvuru bulunamadı.' },
  X024: { status: 409, message: 'Başvuru bu durumdayken onaylanamaz veya reddedilemez.' },
  X025: { status: 422, message: 'Başvuru belgesi eksik: {{kind}}.' },
  X026: { status: 429, message: 'Çok fazla başvuru yapıldı. Lütfen daha sonra tekrar deneyin.' },
  X027: { status: 409, message: 'Kullanıcı adı zaten kullanılıyor.' },
  X028: {
    status: 422,
    message: 'Bir markanın en fazla 3 kısa adı olabilir; kısa adlar 2–11 büyük harf veya rakamdır.',
  },
  X029: { status: 409, message: 'Marka zaten kayıtlı.' },
  X030: { status: 422, message: 'Şifre en az 10 karakter olmalı ve harf ile rakam içermelidir.' },
  X031: { status: 422, message: 'Belge türü veya boyutu kabul edilemedi.' },
  X032: { status: 422, message: 'Kimlik numarası (TCKN) geçersiz.' },
  X033: { status: 422, message: 'Vergi kimlik numarası (VKN) geçersiz.' },
  X034: { status: 422, message: 'Abonelik bitiş tarihi başlangıç tarihinden sonra olmalıdır.' },
  X040: { status: 401, message: 'Doğrulama kodu geçersiz veya süresi dolmuş.' },
  X041: { status: 429, message: 'Çok fazla deneme yapıldı. Lütfen daha sonra tekrar deneyin.' },
  X042: { status: 401, message: 'Oturum geçersiz veya süresi dolmuş. Lütfen adresinizi yeniden doğrulayın.' },
  X043: {
    status: 409,
    message: 'Bu marka bu kanalda listenizde zaten var; izin durumunu değiştirebilirsiniz.',
  },
  X044: { status: 404, message: 'Bu adres için bu markada kayıtlı bir izin bulunamadı.' },
  X045: { status: 404, message: 'Şikayet bulunamadı.' },
  X046: { status: 401, message: 'İstek imzası (X-Signature) geçersiz.' },
  X047: { status: 410, message: 'Bağlantı geçersiz, daha önce kullanılmış veya süresi dolmuş.' },
  X048: { status: 422, message: 'Alıcı listesi (recipients) en fazla 100 kayıt içermelidir.' },
  X049: { status: 422, message: 'Metin alanı izin verilen uzunluğu aşıyor veya boş.' },
  X050: {
    status: 422,
    message: 'İletinin alındığı zaman (receivedAt) gelecekte veya bir yıldan eski olamaz.',
  },
  X051: { status: 422, message: 'Marka kodu (brandCode) veya gönderici (sender) belirtilmelidir.' },
  // Bulk files (X060–X069, docs/bulk.md). File-level codes are an upload's FAILED reason; X066/X067 are row errors.
  X060: { status: 404, message: 'Yükleme (uploadId) bulunamadı.' },
  X061: {
    status: 422,
    message: 'Dosya boyutu (sizeBytes) 1 bayt ile 5 GB (5368709120 bayt) arasında olmalıdır.',
  },
  X062: { status: 422, message: 'Dosya boş: işlenecek satır bulunamadı.' },
  X063: { status: 422, message: 'Dosya UTF-8 metin değil (ikili veya bozuk içerik).' },
  X064: { status: 422, message: 'CSV başlık satırı geçersiz.' },
  X065: { status: 413, message: 'Dosya bildirilen boyutu (sizeBytes) veya 5 GB sınırını aşıyor.' },
  X066: { status: 422, message: 'Satırdaki alan sayısı başlık satırıyla uyuşmuyor.' },
  X067: { status: 422, message: 'Satır geçerli bir JSON nesnesi değil.' },
  X068: {
    status: 500,
    message: 'Dosyanın bir bölümü tekrar tekrar işlenemedi ve hata kuyruğuna (DLQ) alındı.',
  },
  X069: { status: 422, message: 'Dosya JSON Lines biçiminde değil: ilk satır bir JSON nesnesi olmalıdır.' },
  X070: { status: 422, message: 'Excel dosyası (.xlsx) okunamadı.' },
  // ViA (X071–X079, docs/via.md).
  X071: {
    status: 429,
    message: 'Bu alıcıya kısa sürede çok fazla onay isteği gönderildi. Lütfen daha sonra tekrar deneyin.',
  },
  // ViA PASS (X080–X089, docs/via-pass.md): a wrong field of a ViA PASS body, answered as ERR-VLD-001.
  X080: { status: 400, message: 'validasyon hatası' },
  // ViA Frame (X090–X099, docs/via-frame.md).
  X090: { status: 404, message: 'ViA Frame widget bulunamadı.' },
  X091: {
    status: 403,
    message: 'İstek bu widget için izin verilen bir kaynaktan (Origin) gelmiyor.',
  },
  X092: {
    status: 403,
    message:
      'Nonce anahtarı geçersiz, süresi dolmuş veya daha önce kullanılmış. Lütfen formu yeniden yükleyin.',
  },
  X093: {
    status: 403,
    message:
      'Güvenlik doğrulaması başarısız: CSRF token veya cookie key geçersiz ya da oturumun süresi dolmuş.',
  },
  X094: { status: 422, message: 'Widget tanımı geçersiz: {{reason}}.' },
  X096: { status: 400, message: 'Bu widget bu değeri sunmuyor.' },
  X097: { status: 404, message: 'Bu widget oturumunda böyle bir işlem (requestId) yok.' },
  X098: { status: 400, message: 'Doğrulama kodu (otpCode) gereklidir.' },
};

export function describeCode(code: string): { status: number; message: string } {
  const entry = hCodes[code] ?? xCodes[code];
  if (!entry) throw new Error(`unknown error code ${code}`);
  return entry;
}

/** Fills İYS's `{{placeholder}}` markers in a catalogue message. */
export function fillMessage(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*([\w|]+)\s*\}\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

export function errorItem(
  code: string,
  extra: {
    location?: (string | number)[];
    value?: unknown;
    index?: number;
    vars?: Record<string, string | number>;
    message?: string;
  } = {},
): IysErrorItem {
  const { message } = describeCode(code);
  const item: IysErrorItem = { code, message: extra.message ?? fillMessage(message, extra.vars) };
  if (extra.location) item.location = extra.location;
  if (extra.value !== undefined) item.value = extra.value;
  if (extra.index !== undefined) item.index = extra.index;
  return item;
}

/**
 * A refusal in İYS's shape. The HTTP status comes from the first error's catalogue entry unless given;
 * several errors can travel together (İYS reports e.g. H160 and H121 for one bad phone number).
 */
export class IysError extends Error {
  readonly status: number;
  readonly errors: IysErrorItem[];
  /** A limit's refusal (429): whole seconds until the caller may try again, sent as `Retry-After`. */
  retryAfterSeconds?: number;
  constructor(errors: IysErrorItem[] | IysErrorItem, status?: number) {
    const list = Array.isArray(errors) ? errors : [errors];
    if (list.length === 0) throw new Error('IysError needs at least one error');
    super(list.map((e) => e.code).join(','));
    this.name = 'IysError';
    this.errors = list;
    this.status = status ?? describeCode(list[0]!.code).status;
  }
  static of(code: string, extra?: Parameters<typeof errorItem>[1], status?: number): IysError {
    return new IysError(errorItem(code, extra), status);
  }
  /** A 429 refusal that says when to come back (every 429 carries `Retry-After`: docs/limits.md). */
  static limited(code: string, retryAfterSeconds: number): IysError {
    const e = IysError.of(code);
    e.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return e;
  }
  toBody(): { errors: IysErrorItem[] } {
    return { errors: this.errors };
  }
}

/** OAuth2 token endpoint errors keep OAuth2's own body, as İYS does. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error:
      | 'invalid_request'
      | 'invalid_grant'
      | 'unsupported_grant_type'
      | 'invalid_client'
      | 'unauthorized_client',
    readonly description: string,
  ) {
    super(error);
    this.name = 'OAuthError';
  }
}
