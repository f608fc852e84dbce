/**
 * ViA ("İleti ViA", iys-reference.md §7.15): a consent the registry itself collects from a recipient on a
 * provider's behalf. Pure rules: the vocabulary, the checks of the start and confirmation bodies (with İYS's
 * H10xx codes as its document gives them for these operations), the request's stage/status pairs, and the
 * flood limits. The verification itself (OTP 3 minutes / 3 tries, link 24 h / once) is challenge.ts.
 */
import { checkEmail, checkPhone } from '../consent/address.js';
import type { ConsentType, RecipientType } from '../consent/types.js';
import { errorItem, type IysErrorItem } from '../errors.js';
import { isValidTckn } from '../identity-numbers.js';

export const VERIFICATION_TYPES = [
  'SMS_OTP',
  'SMS_SHORTURL',
  'EPOSTA_OTP',
  'EPOSTA_SHORTURL',
  'EPOSTA_APPROVALURL',
] as const;
export type VerificationType = (typeof VERIFICATION_TYPES)[number];

/** A ViA form's kind: which verification types may use it (H1065 otherwise). */
export const FORM_KINDS = ['OTP', 'SHORTURL', 'APPROVALURL'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export const VIA_TITLES = ['ETK', 'KVK'] as const;
export type ViaTitle = (typeof VIA_TITLES)[number];

export const KVK_TYPES = ['AYDINLATMA_METNI', 'ACIK_RIZA_METNI', 'YURTDISI_AKTARIM'] as const;
export type KvkType = (typeof KVK_TYPES)[number];

/** The channel a verification type reaches the recipient on. */
export function channelOf(v: VerificationType): 'SMS' | 'EPOSTA' {
  return v.startsWith('SMS_') ? 'SMS' : 'EPOSTA';
}

export function formKindOf(v: VerificationType): FormKind {
  return v.endsWith('_OTP') ? 'OTP' : v.endsWith('_SHORTURL') ? 'SHORTURL' : 'APPROVALURL';
}

export const isOtp = (v: VerificationType) => formKindOf(v) === 'OTP';

/** İYS's source of a consent collected through ViA: by SMS IYS_KISAMESAJ, by e-mail IYS_EPOSTA. */
export function sourceOf(v: VerificationType): 'IYS_KISAMESAJ' | 'IYS_EPOSTA' {
  return channelOf(v) === 'SMS' ? 'IYS_KISAMESAJ' : 'IYS_EPOSTA';
}

export interface EtkRequest {
  title: 'ETK';
  brandCodes: number[];
  /** In the order asked; with ARAMA and MESAJ together the recipient chooses (a link) or takes both (OTP). */
  types: ConsentType[];
  recipientType: RecipientType;
}

export interface PersonData {
  name: string;
  recipientIdNumber?: string;
  address?: string;
}

export interface KvkRequest {
  title: 'KVK';
  types: KvkType[];
  personData: PersonData;
}

export type ViaConsentType = EtkRequest | KvkRequest;

export interface StartBody {
  formId: number;
  /** Normalised: E.164 phone, lower-case e-mail. */
  recipient: string;
  verificationType: VerificationType;
  consentTypes: ViaConsentType[];
}

export interface ConfirmBody {
  requestId: string;
  verificationType: VerificationType;
  consentTypes: { title: ViaTitle; otpCode: string }[];
}

export type Check<T> = { ok: true; value: T } | { ok: false; errors: IysErrorItem[] };

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const notBlank = (field: string, location: (string | number)[]) =>
  errorItem('H1057', { message: `${field} alanı boş veya null olmamalıdır.`, location });
const notFound = (field: string, location: (string | number)[]) =>
  errorItem('H1005', { message: `${field} bulunamadı.`, location });
const wrongType = (field: string, kind: 'integer' | 'String' | 'array', location: (string | number)[]) =>
  errorItem('H1029', { message: `'${field}' alanı '${kind}' tipinde olmalıdır.`, location });
const unknownField = (field: string, location: (string | number)[]) =>
  errorItem('H1025', { message: `'${field}' geçersiz bir alan adıdır.`, location });

const verificationTypeMessage = `verificationType alanı için gereken değerler: ${VERIFICATION_TYPES.join(', ')} olmalıdır.`;
const titleMessage = 'title alanı için gereken değerler: ETK, KVK olmalıdır.';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body is empty (H1042) or not an object (H1043). */
function bodyShape(input: unknown): IysErrorItem | undefined {
  if (input === undefined || input === null || input === '') return errorItem('H1042');
  if (!isObject(input)) return errorItem('H1043');
  return undefined;
}

function verificationTypeOf(v: unknown, errors: IysErrorItem[]): VerificationType | undefined {
  if (blank(v)) {
    errors.push(notBlank('verificationType', ['verificationType']));
    return undefined;
  }
  if (typeof v !== 'string' || !(VERIFICATION_TYPES as readonly string[]).includes(v)) {
    errors.push(
      errorItem('H1012', { message: verificationTypeMessage, location: ['verificationType'], value: v }),
    );
    return undefined;
  }
  return v as VerificationType;
}

/**
 * formId: İYS's schema says int32, every example sends a string ("1"). Both are taken; the value is an
 * integer (docs/via.md).
 */
export function parseFormId(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 2_147_483_647) return v;
  if (typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v) && Number(v) <= 2_147_483_647) return Number(v);
  return undefined;
}

const START_FIELDS = ['formId', 'recipient', 'verificationType', 'consentTypes'];
const ETK_FIELDS = ['title', 'brandCodes', 'types', 'recipientType'];
const KVK_FIELDS = ['title', 'types', 'personData'];
const PERSON_FIELDS = ['name', 'recipientIdNumber', 'address'];

/** The ETK channel lists İYS accepts: one channel, or ARAMA and MESAJ together (either order). */
function etkTypesErrors(types: ConsentType[], v: VerificationType | undefined, at: (string | number)[]) {
  const errors: IysErrorItem[] = [];
  if (new Set(types).size !== types.length)
    errors.push(
      errorItem('H1061', { message: 'İzin tipi değeri liste içinde tekrarlanamaz.', location: at }),
    );
  if (types.includes('EPOSTA') && types.length > 1) errors.push(errorItem('H1066', { location: at }));
  if (v) {
    const sms = channelOf(v) === 'SMS';
    for (const t of types) {
      const fits = sms ? t !== 'EPOSTA' : t === 'EPOSTA';
      if (!fits) {
        const allowed = sms
          ? '[MESAJ, ARAMA, AYDINLATMA_METNI, ACIK_RIZA_METNI, YURTDISI_AKTARIM]'
          : '[EPOSTA, AYDINLATMA_METNI, ACIK_RIZA_METNI, YURTDISI_AKTARIM]';
        errors.push(
          errorItem('H1086', {
            message: `Girdiğiniz '${t}' izin tipi, doğrulama tipi '${v}' ile uyuşmamaktadır. Uyuşan geçerli değerler: ${allowed}`,
            location: at,
            value: t,
          }),
        );
      }
    }
  }
  return errors;
}

function parseEtk(
  c: Record<string, unknown>,
  i: number,
  v: VerificationType | undefined,
  errors: IysErrorItem[],
) {
  const at = ['consentTypes', i];
  for (const k of Object.keys(c)) if (!ETK_FIELDS.includes(k)) errors.push(unknownField(k, [...at, k]));
  const before = errors.length;
  let brandCodes: number[] = [];
  if (c.brandCodes === undefined) errors.push(notFound('brandCodes', [...at, 'brandCodes']));
  else if (c.brandCodes === null || (Array.isArray(c.brandCodes) && c.brandCodes.length === 0))
    errors.push(notBlank('brandCodes', [...at, 'brandCodes']));
  else if (
    !Array.isArray(c.brandCodes) ||
    !c.brandCodes.every((b) => Number.isInteger(b) && (b as number) > 0)
  )
    errors.push(wrongType('brandCodes', 'integer', [...at, 'brandCodes']));
  else brandCodes = [...new Set(c.brandCodes as number[])];
  let types: ConsentType[] = [];
  if (c.types === undefined) errors.push(notFound('etkTypes', [...at, 'types']));
  else if (c.types === null || (Array.isArray(c.types) && c.types.length === 0))
    errors.push(notBlank('etkTypes', [...at, 'types']));
  else if (!Array.isArray(c.types)) errors.push(wrongType('types', 'array', [...at, 'types']));
  else {
    const bad = c.types.filter((t) => !['ARAMA', 'MESAJ', 'EPOSTA'].includes(t as string));
    if (bad.length)
      errors.push(
        errorItem('H1085', {
          message: `Geçersiz izin tipi: ${bad.map(String).join(', ')}. Lütfen geçerli izin tiplerini kullanın: ARAMA, MESAJ, EPOSTA`,
          location: [...at, 'types'],
        }),
      );
    else {
      types = c.types as ConsentType[];
      errors.push(...etkTypesErrors(types, v, [...at, 'types']));
    }
  }
  let recipientType: RecipientType = 'BIREYSEL';
  if (blank(c.recipientType)) errors.push(notBlank('recipientType', [...at, 'recipientType']));
  else if (c.recipientType !== 'BIREYSEL' && c.recipientType !== 'TACIR')
    errors.push(errorItem('H1063', { location: [...at, 'recipientType'], value: c.recipientType }));
  else recipientType = c.recipientType;
  if (errors.length > before) return undefined;
  return { title: 'ETK', brandCodes, types, recipientType } satisfies EtkRequest;
}

function parseKvk(c: Record<string, unknown>, i: number, errors: IysErrorItem[]) {
  const at = ['consentTypes', i];
  for (const k of Object.keys(c)) if (!KVK_FIELDS.includes(k)) errors.push(unknownField(k, [...at, k]));
  const before = errors.length;
  let types: KvkType[] = [];
  if (c.types === undefined) errors.push(notFound('kvkTypes', [...at, 'types']));
  else if (c.types === null || (Array.isArray(c.types) && c.types.length === 0))
    errors.push(notBlank('kvkTypes', [...at, 'types']));
  else if (!Array.isArray(c.types)) errors.push(wrongType('types', 'array', [...at, 'types']));
  else {
    const bad = c.types.filter((t) => !(KVK_TYPES as readonly unknown[]).includes(t));
    if (bad.length)
      errors.push(
        errorItem('H1085', {
          message: `Geçersiz izin tipi: ${bad.map(String).join(', ')}. Lütfen geçerli izin tiplerini kullanın: ${KVK_TYPES.join(', ')}`,
          location: [...at, 'types'],
        }),
      );
    else if (new Set(c.types).size !== c.types.length)
      errors.push(
        errorItem('H1061', {
          message: 'İzin tipi değeri liste içinde tekrarlanamaz.',
          location: [...at, 'types'],
        }),
      );
    else types = c.types as KvkType[];
  }
  const p = c.personData;
  let personData: PersonData | undefined;
  if (!isObject(p) || blank(p.name)) errors.push(notBlank('recipientName', [...at, 'personData', 'name']));
  else {
    for (const k of Object.keys(p))
      if (!PERSON_FIELDS.includes(k)) errors.push(unknownField(k, [...at, 'personData', k]));
    if (typeof p.name !== 'string' || p.name.length > 200)
      errors.push(wrongType('name', 'String', [...at, 'personData', 'name']));
    const id = p.recipientIdNumber;
    if (id !== undefined && id !== null && id !== '' && !isValidTckn(id))
      // Never echo the number: person data stays out of errors.
      errors.push(errorItem('H1096', { location: [...at, 'personData', 'recipientIdNumber'] }));
    const adr = p.address;
    if (adr !== undefined && adr !== null && (typeof adr !== 'string' || adr.length > 500))
      errors.push(wrongType('address', 'String', [...at, 'personData', 'address']));
    if (errors.length === before)
      personData = {
        name: (p.name as string).trim(),
        ...(typeof id === 'string' && id !== '' ? { recipientIdNumber: id } : {}),
        ...(typeof adr === 'string' && adr.trim() !== '' ? { address: adr.trim() } : {}),
      };
  }
  if (errors.length > before || !personData) return undefined;
  return { title: 'KVK', types, personData } satisfies KvkRequest;
}

/** The recipient fits the channel: E.164 phone for SMS (H1026), an e-mail address for EPOSTA (H1027). */
export function parseRecipient(raw: unknown, channel: 'SMS' | 'EPOSTA', errors: IysErrorItem[]) {
  if (blank(raw)) {
    errors.push(notBlank('recipient', ['recipient']));
    return undefined;
  }
  if (typeof raw !== 'string') {
    errors.push(wrongType('recipient', 'String', ['recipient']));
    return undefined;
  }
  if (channel === 'SMS') {
    const p = checkPhone(raw);
    if (p.ok) return p.value;
    errors.push(errorItem('H1026', { location: ['recipient'] }));
    return undefined;
  }
  const e = checkEmail(raw);
  if (e.ok) return e.value;
  errors.push(errorItem('H1027', { location: ['recipient'] }));
  return undefined;
}

/** startViaRequest's body (POST /via/sps/{iysCode}/consent). */
export function parseStartBody(input: unknown): Check<StartBody> {
  const shape = bodyShape(input);
  if (shape) return { ok: false, errors: [shape] };
  const b = input as Record<string, unknown>;
  const errors: IysErrorItem[] = [];
  for (const k of Object.keys(b)) if (!START_FIELDS.includes(k)) errors.push(unknownField(k, [k]));
  const verificationType = verificationTypeOf(b.verificationType, errors);
  let formId: number | undefined;
  if (blank(b.formId)) errors.push(notBlank('formId', ['formId']));
  else {
    formId = parseFormId(b.formId);
    if (formId === undefined) errors.push(wrongType('formId', 'integer', ['formId']));
  }
  let recipient: string | undefined;
  if (verificationType) recipient = parseRecipient(b.recipient, channelOf(verificationType), errors);
  else if (blank(b.recipient)) errors.push(notBlank('recipient', ['recipient']));
  const consentTypes: ViaConsentType[] = [];
  if (
    b.consentTypes === undefined ||
    b.consentTypes === null ||
    (Array.isArray(b.consentTypes) && !b.consentTypes.length)
  )
    errors.push(notBlank('consentTypes', ['consentTypes']));
  else if (!Array.isArray(b.consentTypes)) errors.push(wrongType('consentTypes', 'array', ['consentTypes']));
  else {
    const titles: unknown[] = [];
    for (const [i, c] of b.consentTypes.entries()) {
      if (!isObject(c)) {
        errors.push(
          errorItem('H1010', {
            message: 'consentTypes alanına girilen değer uygun değil.',
            location: ['consentTypes', i],
          }),
        );
        continue;
      }
      if (blank(c.title)) {
        errors.push(notFound('title', ['consentTypes', i, 'title']));
        continue;
      }
      if (c.title !== 'ETK' && c.title !== 'KVK') {
        errors.push(
          errorItem('H1013', {
            message: titleMessage,
            location: ['consentTypes', i, 'title'],
            value: c.title,
          }),
        );
        continue;
      }
      if (titles.includes(c.title)) {
        errors.push(errorItem('H1060', { location: ['consentTypes', i, 'title'], value: c.title }));
        continue;
      }
      titles.push(c.title);
      const parsed = c.title === 'ETK' ? parseEtk(c, i, verificationType, errors) : parseKvk(c, i, errors);
      if (parsed) consentTypes.push(parsed);
    }
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: { formId: formId!, recipient: recipient!, verificationType: verificationType!, consentTypes },
  };
}

const CONFIRM_FIELDS = ['requestId', 'verificationType', 'consentTypes'];

/** The requestId's shape: a UUID as the start answers it (anything else cannot name a request). */
export const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The confirmation body (POST /via/sps/{iysCode}/confirmation). */
export function parseConfirmBody(input: unknown): Check<ConfirmBody> {
  const shape = bodyShape(input);
  if (shape) return { ok: false, errors: [shape] };
  const b = input as Record<string, unknown>;
  const errors: IysErrorItem[] = [];
  for (const k of Object.keys(b)) if (!CONFIRM_FIELDS.includes(k)) errors.push(unknownField(k, [k]));
  if (blank(b.requestId)) errors.push(notBlank('requestId', ['requestId']));
  else if (typeof b.requestId !== 'string') errors.push(wrongType('requestId', 'String', ['requestId']));
  const verificationType = verificationTypeOf(b.verificationType, errors);
  const consentTypes: ConfirmBody['consentTypes'] = [];
  if (
    b.consentTypes === undefined ||
    b.consentTypes === null ||
    (Array.isArray(b.consentTypes) && !b.consentTypes.length)
  )
    errors.push(notBlank('consentTypes', ['consentTypes']));
  else if (!Array.isArray(b.consentTypes)) errors.push(wrongType('consentTypes', 'array', ['consentTypes']));
  else
    for (const [i, c] of b.consentTypes.entries()) {
      const at = ['consentTypes', i];
      if (!isObject(c) || blank(c.title)) {
        errors.push(notFound('title', [...at, 'title']));
        continue;
      }
      for (const k of Object.keys(c))
        if (k !== 'title' && k !== 'otpCode') errors.push(unknownField(k, [...at, k]));
      if (c.title !== 'ETK' && c.title !== 'KVK') {
        errors.push(
          errorItem('H1013', { message: titleMessage, location: [...at, 'title'], value: c.title }),
        );
        continue;
      }
      if (consentTypes.some((x) => x.title === c.title)) {
        errors.push(errorItem('H1060', { location: [...at, 'title'], value: c.title }));
        continue;
      }
      const code = typeof c.otpCode === 'number' ? String(c.otpCode).padStart(6, '0') : c.otpCode;
      if (blank(code)) {
        errors.push(notBlank('otpCode', [...at, 'otpCode']));
        continue;
      }
      if (typeof code !== 'string') {
        errors.push(wrongType('otpCode', 'String', [...at, 'otpCode']));
        continue;
      }
      consentTypes.push({ title: c.title, otpCode: code });
    }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: { requestId: b.requestId as string, verificationType: verificationType!, consentTypes },
  };
}

/** searchKVKConsent's body: {recipient, type}. */
export function parseKvkSearchBody(input: unknown): Check<{ recipient: string; type: KvkType }> {
  const shape = bodyShape(input);
  if (shape) return { ok: false, errors: [shape] };
  const b = input as Record<string, unknown>;
  const errors: IysErrorItem[] = [];
  for (const k of Object.keys(b)) if (k !== 'recipient' && k !== 'type') errors.push(unknownField(k, [k]));
  let type: KvkType | undefined;
  if (blank(b.type)) errors.push(notBlank('type', ['type']));
  else if (!(KVK_TYPES as readonly unknown[]).includes(b.type))
    errors.push(
      errorItem('H1085', {
        message: `Geçersiz izin tipi: ${String(b.type)}. Lütfen geçerli izin tiplerini kullanın: ${KVK_TYPES.join(', ')}`,
        location: ['type'],
      }),
    );
  else type = b.type as KvkType;
  let recipient: string | undefined;
  if (typeof b.recipient === 'string' && b.recipient.includes('@'))
    recipient = parseRecipient(b.recipient, 'EPOSTA', errors);
  else recipient = parseRecipient(b.recipient, 'SMS', errors);
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { recipient: recipient!, type: type! } };
}

/**
 * A request's (stage, status) as İYS lists them in getViaRequest's description (one table per kind: OTP,
 * SHORTURL, APPROVALURL). We send synchronously, so the first pair a caller sees is CONSENT_REQUESTED/PENDING
 * (or COMPLETED/SMSMAIL_OUT_FAILURE); SUCCESS/START only exists between the start and the send.
 */
export type ViaStage = 'SUCCESS' | 'CONSENT_REQUESTED' | 'REQUEST_OPENED' | 'ENQUEUE' | 'COMPLETED';
export type ViaStatus =
  | 'START'
  | 'PENDING'
  | 'SMSMAIL_OUT_FAILURE'
  | 'LINK_CLICK_TIMEOUT'
  | 'SHORT_URL_EXPIRED'
  | 'OTP_CODE_EXPIRED'
  | 'OTP_CODE_INCORRECT'
  | 'SYSTEM_FAILURE'
  | 'SUCCESS';

export interface ViaState {
  stage: ViaStage;
  status: ViaStatus;
}

/** Is the request still waiting for the recipient? */
export const isOpen = (s: ViaState) =>
  s.stage === 'CONSENT_REQUESTED' || s.stage === 'REQUEST_OPENED' || s.stage === 'SUCCESS';

/**
 * The state a reader sees at `now`: a request still waiting when its verification lapsed shows the timeout
 * İYS names (OTP_CODE_EXPIRED; a link never opened LINK_CLICK_TIMEOUT; opened but not answered
 * SHORT_URL_EXPIRED). Nothing needs to run at expiry: the state is derived on reading.
 */
export function stateAt(s: ViaState, kind: FormKind, expiresAt: number, now: number): ViaState {
  if (!isOpen(s) || now < expiresAt) return s;
  if (kind === 'OTP') return { stage: 'COMPLETED', status: 'OTP_CODE_EXPIRED' };
  if (s.stage === 'REQUEST_OPENED') return { stage: 'COMPLETED', status: 'SHORT_URL_EXPIRED' };
  return { stage: 'COMPLETED', status: 'LINK_CLICK_TIMEOUT' };
}

/**
 * Flood limits (issue 14 part 2): a recipient gets at most `perRecipientPerHour` ViA messages an hour from
 * the whole registry and at most one every `recipientGapSeconds` from the same provider; a provider starts at
 * most `perProviderPerHour` requests an hour (the default; IYS_VIA_PROVIDER_PER_HOUR changes it).
 */
export const viaLimits = {
  perRecipientPerHour: 5,
  recipientGapSeconds: 30,
  perProviderPerHour: 10_000,
} as const;

/** A text shown or sent to a recipient, with the form's own text and the registry's fixed sentences. */
export const viaTexts = {
  otp(providerTitle: string, codes: { title: ViaTitle; code: string }[], minutes: number): string {
    const parts = codes.map(
      (c) => `${c.title === 'ETK' ? 'ticari ileti onayı' : 'KVK onayı'} kodu: ${c.code}`,
    );
    return `${providerTitle} için İYS ${parts.join(', ')}. Kod ${minutes} dakika geçerlidir; kimseyle paylaşmayın.`;
  },
  link(providerTitle: string, url: string): string {
    return `${providerTitle} onayınızı istiyor. Onay metnini okumak ve yanıtlamak için (24 saat geçerli): ${url} İYS`;
  },
  confirmed(providerTitle: string, approved: boolean): string {
    return approved
      ? `${providerTitle} için verdiğiniz onay İYS'ye kaydedildi. İzinlerinizi İYS alıcı portalında görebilir, dilediğiniz an geri alabilirsiniz.`
      : `${providerTitle} için onay isteğini yanıtladınız; onay kaydedilmedi. İYS`;
  },
  subject: 'İYS onay isteği',
} as const;
