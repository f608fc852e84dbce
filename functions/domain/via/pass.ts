import type { IysErrorItem } from '../errors.js';
import type { ViaPackage } from '../subscription.js';
import type { Challenge } from './challenge.js';
import { fieldError, ViaPassError } from './pass-errors.js';

/**
 * ViA PASS (İYS OAS tag ViA PASS, reference §7.15): a provider has the registry verify a phone or an e-mail
 * address for it, by a one-time code (OTP) the recipient reads back to the provider, or by a one-off short
 * link the recipient opens and confirms. The message comes from one of the provider's templates; the
 * verification is recorded as the registry's evidence (the clarification file). Pure rules: what a body
 * must hold, what a template must say, how a request's history and its summary read.
 */

export type PassChannel = 'SMS' | 'EPOSTA';
export type PassMethod = 'OTP' | 'SHORT_URL';

/** Where a template's message takes the code or the link. */
export const placeholders: Record<PassMethod, string> = { OTP: '{{otp}}', SHORT_URL: '{{link}}' };

/** Per recipient address: starts in one hour (a phone or inbox is not flooded). */
export const RECIPIENT_STARTS_PER_HOUR = 5;
/** Per provider: starts in one minute, unless the wiring configures another number. */
export const PROVIDER_STARTS_PER_MINUTE = 120;

export const MAX_MESSAGE_LENGTH = 1000;
export const MAX_CLARIFICATION_LENGTH = 10_000;

export interface PassTemplate {
  templateId: string;
  iysCode: number;
  channel: PassChannel;
  method: PassMethod;
  name: string;
  /** The message sent, with its placeholder for the code or the link. */
  message: string;
  /** E-mail subject (EPOSTA only). */
  subject?: string;
  /** The clarification text shown to the recipient (the page of a short link) and kept as evidence. */
  clarification: string;
  createdAt: string;
  createdBy: string;
}

/** One step of a request's history, as getRequestAudit lists it. */
export interface PassStep {
  status: 'OTP Generation' | 'SUCCESS' | 'FAILURE' | 'OTP Completed';
  description: string;
  /** Epoch milliseconds. */
  at: number;
}

/** A started ViA PASS request: what was sent, to whom (sealed), and how it was answered. */
export interface PassRequest {
  requestId: string;
  iysCode: number;
  channel: PassChannel;
  method: PassMethod;
  templateId: string;
  /** The message as sent, with the code or link itself blanked (the secret is kept only as a digest). */
  message: string;
  subject?: string;
  clarification: string;
  /** SHA-256 (hex) of the template as used: its channel, method, message, subject and clarification. */
  templateSha256: string;
  maskedAddress: string;
  /** The address sealed under the registry's key (adapters), opened only to send the message. */
  sealedAddress: string;
  vkn: string;
  startedBy: string;
  startIp: string;
  startedAt: number;
  challenge: Challenge;
  steps: PassStep[];
  completedAt?: number;
  /** OTP: the IP address of the provider's call that completed the verification. */
  verifierIp?: string;
  /** Short link: the IP address of the recipient who confirmed. */
  recipientIp?: string;
  /** The clarification file's parts, made when the request completes. */
  file?: { report: string; tsr: string };
  version: number;
}

/** İYS's requestType of a request in getRequestAudit. */
export function requestType(r: Pick<PassRequest, 'channel' | 'method'>): string {
  const base = r.channel === 'SMS' ? 'SMS' : 'EMAIL';
  return r.method === 'OTP' ? base : `${base} SHORT URL`;
}

/** The İşlem Tipi of the summary. */
export function methodTitle(r: Pick<PassRequest, 'channel' | 'method'>): string {
  return `${r.channel === 'SMS' ? 'SMS' : 'E-POSTA'} ${r.method === 'OTP' ? 'OTP' : 'KISA LİNK'}`;
}

// ---- bodies ---------------------------------------------------------------------------------------------

export type Check<B> = { ok: true; value: B } | { ok: false; errors: IysErrorItem[] };

const vknMessage =
  'Vergi Kimlik Numarası yalnızca rakamlardan oluşmalı, 10 veya 11 haneli olmalı, özel karakter ya da harf içermemeli ve 0 ile başlamamalıdır.';
const phoneMessage =
  'E164 uluslararası([+][country code][area code][local phone number]) formatına uygun bir telefon numarası girilmelidir. (örn. `+905992000000`)';
const emailMessage = 'Geçerli bir e-posta adresi girilmelidir. (örn. `ornek@ornek.com`)';

const shown = (v: unknown) => (v === undefined || v === null ? 'null' : String(v));
const required = (field: string, v: unknown) =>
  fieldError(field, `${field} gereklidir ve boş bırakılamaz. Girilen değer: '${shown(v)}'`);

/** A VKN as İYS's validation message describes it: 10 or 11 digits, not starting with 0. */
export const isVkn = (v: string) => /^[1-9]\d{9,10}$/.test(v);
/** E.164: `+`, a country code not starting with 0, at most 15 digits in all. */
export const isE164 = (v: string) => /^\+[1-9]\d{7,14}$/.test(v);
export const isEmail = (v: string) =>
  v.length <= 254 && /^[^\s@"<>()[\],;:\\]+@[^\s@"<>()[\],;:\\]+\.[A-Za-z]{2,}$/.test(v);

function fieldsOf(input: unknown): Record<string, unknown> {
  return input && typeof input === 'object' && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : {};
}

function text(o: Record<string, unknown>, field: string, errors: IysErrorItem[]): string | undefined {
  const v = o[field];
  if (typeof v !== 'string' || v.trim() === '') {
    errors.push(required(field, v));
    return undefined;
  }
  return v;
}

export interface StartBody {
  /** The phone number (SMS) or e-mail address (EPOSTA), as sent. */
  address: string;
  templateId: string;
  vkn: string;
}

/** sms/start, email/start and their short-url twins: `phoneNumber` or `email`, `templateId`, `vkn`. */
export function checkStartBody(channel: PassChannel, input: unknown): Check<StartBody> {
  const o = fieldsOf(input);
  const errors: IysErrorItem[] = [];
  const field = channel === 'SMS' ? 'phoneNumber' : 'email';
  const address = text(o, field, errors);
  if (address !== undefined) {
    if (channel === 'SMS' && !isE164(address)) errors.push(fieldError(field, phoneMessage));
    if (channel === 'EPOSTA' && !isEmail(address)) errors.push(fieldError(field, emailMessage));
  }
  const templateId = text(o, 'templateId', errors);
  const vkn = text(o, 'vkn', errors);
  if (vkn !== undefined && !isVkn(vkn)) errors.push(fieldError('vkn', vknMessage));
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { address: address!.trim(), templateId: templateId!, vkn: vkn! } };
}

export type SmsStartBody = { phoneNumber: string; templateId: string; vkn: string };
export type EmailStartBody = { email: string; templateId: string; vkn: string };

/** sms/start's body as sent (the use case takes its `phoneNumber` as the address). */
export function checkSmsStartBody(input: unknown): Check<SmsStartBody> {
  const r = checkStartBody('SMS', input);
  if (!r.ok) return r;
  const { address, ...rest } = r.value;
  return { ok: true, value: { phoneNumber: address, ...rest } };
}

/** email/start's body as sent. */
export function checkEmailStartBody(input: unknown): Check<EmailStartBody> {
  const r = checkStartBody('EPOSTA', input);
  if (!r.ok) return r;
  const { address, ...rest } = r.value;
  return { ok: true, value: { email: address, ...rest } };
}

export interface CompleteBody {
  requestId: string;
  otpCode: string;
}

export function checkCompleteBody(input: unknown): Check<CompleteBody> {
  const o = fieldsOf(input);
  const errors: IysErrorItem[] = [];
  const otpCode = text(o, 'otpCode', errors);
  const requestId = text(o, 'requestId', errors);
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { otpCode: otpCode!.trim(), requestId: requestId!.trim() } };
}

/**
 * getRequestAudit's body, with İYS's own codes for it: empty (OTP-ERROR-005), another field besides
 * requestId (OTP-ERROR-010), no requestId (OTP-ERROR-009) or an empty one (OTP-ERROR-006).
 */
export function historyRequestId(input: unknown): string {
  if (input === undefined || input === null) throw new ViaPassError('OTP-ERROR-005');
  const o = fieldsOf(input);
  const keys = Object.keys(o);
  if (keys.length === 0 && (typeof input !== 'object' || Array.isArray(input)))
    throw new ViaPassError('OTP-ERROR-005');
  if (keys.some((k) => k !== 'requestId')) throw new ViaPassError('OTP-ERROR-010');
  if (!('requestId' in o) || o.requestId === null) throw new ViaPassError('OTP-ERROR-009');
  if (typeof o.requestId !== 'string' || o.requestId.trim() === '') throw new ViaPassError('OTP-ERROR-006');
  return o.requestId.trim();
}

export interface Paging {
  page: number;
  pageSize: number;
}

/** getRequestAudit's query: page from 1 (default 1), pageSize 1…100 (default 20). */
export function checkPaging(query: Record<string, string | undefined>): Check<Paging> {
  const errors: IysErrorItem[] = [];
  const num = (name: string, dflt: number, max: number) => {
    const raw = query[name];
    if (raw === undefined) return dflt;
    if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
      errors.push(fieldError(name, `${name} 1 ile ${max} arasında bir tam sayı olmalıdır.`));
      return dflt;
    }
    return Number(raw);
  };
  const page = num('page', 1, 1_000_000);
  const pageSize = num('pageSize', 20, 100);
  return errors.length ? { ok: false, errors } : { ok: true, value: { page, pageSize } };
}

export interface TemplateBody {
  channel: PassChannel;
  method: PassMethod;
  /** Defaults to the channel and method. */
  name?: string;
  message: string;
  subject?: string;
  clarification: string;
}

/** A new template: its message must hold its method's placeholder exactly once. */
export function checkTemplateBody(input: unknown): Check<TemplateBody> {
  const o = fieldsOf(input);
  const errors: IysErrorItem[] = [];
  const channel = o.channel;
  if (channel !== 'SMS' && channel !== 'EPOSTA')
    errors.push(fieldError('channel', 'channel SMS veya EPOSTA olmalıdır.'));
  const method = o.method;
  if (method !== 'OTP' && method !== 'SHORT_URL')
    errors.push(fieldError('method', 'method OTP veya SHORT_URL olmalıdır.'));
  const message = text(o, 'message', errors);
  const clarification = text(o, 'clarification', errors);
  const name = o.name === undefined ? undefined : text(o, 'name', errors);
  const subject = o.subject === undefined ? undefined : text(o, 'subject', errors);
  if (message !== undefined && (method === 'OTP' || method === 'SHORT_URL')) {
    const p = placeholders[method];
    if (message.split(p).length !== 2)
      errors.push(fieldError('message', `message yer tutucuyu (${p}) bir kez içermelidir.`));
    if (message.length > MAX_MESSAGE_LENGTH)
      errors.push(fieldError('message', `message en fazla ${MAX_MESSAGE_LENGTH} karakter olabilir.`));
  }
  if (clarification !== undefined && clarification.length > MAX_CLARIFICATION_LENGTH)
    errors.push(
      fieldError('clarification', `clarification en fazla ${MAX_CLARIFICATION_LENGTH} karakter olabilir.`),
    );
  if (name !== undefined && name.length > 100)
    errors.push(fieldError('name', 'name en fazla 100 karakter olabilir.'));
  if (subject !== undefined && (channel !== 'EPOSTA' || subject.length > 200))
    errors.push(
      fieldError('subject', 'subject yalnızca EPOSTA şablonlarında, en fazla 200 karakter olabilir.'),
    );
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      channel: channel as PassChannel,
      method: method as PassMethod,
      name: name ?? `${channel} ${method}`,
      message: message!,
      ...(subject !== undefined ? { subject } : {}),
      clarification: clarification!,
    },
  };
}

/** The text that goes to the recipient: the template's message with its placeholder filled. */
export function fillTemplate(t: Pick<PassTemplate, 'method' | 'message'>, secret: string): string {
  return t.message.split(placeholders[t.method]).join(secret);
}

/** The canonical text a template's SHA-256 is taken of (evidence of what the recipient was shown). */
export function templateCanonical(t: Omit<TemplateBody, 'name'>): string {
  return JSON.stringify({
    channel: t.channel,
    method: t.method,
    message: t.message,
    subject: t.subject ?? null,
    clarification: t.clarification,
  });
}

// ---- reads --------------------------------------------------------------------------------------------

/** `YYYY-MM-DD HH:mm:ss` in Turkey time (UTC+3, no daylight saving), as İYS writes instants. */
export function turkeyTime(ms: number): string {
  return new Date(ms + 3 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** getRequestAudit's `transactionDate`: Turkey time with six fraction digits (`2025-06-18 17:26:25.187000`). */
export function auditTime(ms: number): string {
  const d = new Date(ms + 3 * 3600_000).toISOString();
  return `${d.slice(0, 19).replace('T', ' ')}.${d.slice(20, 23)}000`;
}

/** One page of a request's history, oldest first, with İYS's pagination block. */
export function historyPage(r: PassRequest, p: Paging) {
  const total = r.steps.length;
  const from = (p.page - 1) * p.pageSize;
  const content = r.steps.slice(from, from + p.pageSize).map((s) => ({
    requestType: requestType(r),
    status: s.status,
    description: s.description,
    transactionDate: auditTime(s.at),
  }));
  return {
    content,
    pagination: {
      currentPage: p.page,
      totalItems: total,
      totalPages: Math.ceil(total / p.pageSize),
      elementsInPage: content.length,
    },
  };
}

/** ViA PASS's subscription answer (İYS's `search`): the provider's ViA PASS package, or none. */
export function passSubscriptionView(
  iysCode: number,
  pkg: ViaPackage | undefined,
  provider: { createdAt: string },
) {
  if (!pkg) return { data: [], message: 'Abonelik bilgisi bulunamadı.' };
  const start = Date.parse(pkg.startDate ?? provider.createdAt);
  const end = pkg.expirationDate ? Date.parse(pkg.expirationDate) : start + 365 * 86400_000 - 1000;
  const id = pkg.subscriptionId ?? `VIAPASS-${iysCode}`;
  return {
    data: [
      {
        iysViaSubscriptionId: id,
        iysCode,
        startDate: turkeyTime(start),
        expirationDate: turkeyTime(end),
        creationDate: turkeyTime(Date.parse(provider.createdAt)),
        lastUpdateDate: turkeyTime(Date.parse(provider.createdAt)),
        autoRenewal: false,
        viaCredit: pkg.credit,
        status: pkg.status,
        viaSubscriptionPackage: {
          viaSubscriptionId: id,
          startDate: turkeyTime(start),
          expirationDate: turkeyTime(end),
          viaSubscriptionPackageName: pkg.packageName,
          status: pkg.status,
          viaCredit: pkg.credit,
          isLimited: pkg.credit !== -1,
        },
      },
    ],
    message: 'Abonelik bilgileri başarıyla getirildi.',
  };
}

/** The facts of a completed request the summary (report.txt of the clarification file) states. */
export interface ReportFacts {
  request: PassRequest;
  providerTitle: string;
  senderId: string;
  completedAt: number;
}

/**
 * The clarification file's summary, in the fields İYS lists for it (the code itself is never kept: only
 * that it was verified, and on which try). UTF-8 text; its SHA-256 is what the time stamp covers.
 */
export function reportText(f: ReportFacts): string {
  const r = f.request;
  const lines: [string, string][] = [
    ['İstek ID', r.requestId],
    ['İşlemin Başladığı Tarih ve Saat', `${turkeyTime(r.startedAt)} (TSİ)`],
    ['İşlemin Tamamlandığı Tarih ve Saat', `${turkeyTime(f.completedAt)} (TSİ)`],
    ['Şirket Ticaret Ünvanı', f.providerTitle],
    ['Alıcı İletişim Adresi', r.maskedAddress],
  ];
  if (r.method === 'SHORT_URL') lines.push(['İşlemi Yapan (Alıcı) IP Adresi', r.recipientIp ?? '-']);
  if (r.method === 'OTP') lines.push(['İşlemi Yapan (Doğrulayıcı) IP Adresi', r.verifierIp ?? '-']);
  lines.push(['İşlemi Yapan Kullanıcı ID', r.startedBy]);
  if (r.method === 'OTP')
    lines.push([
      'Doğrulama Kodu',
      `doğrulandı (${r.challenge.tries}. denemede; kod saklanmaz, yalnızca anahtarlı özeti tutulur)`,
    ]);
  lines.push(
    ['İşlem Tipi', methodTitle(r)],
    ['İleti İçeriği', r.message],
    ...(r.subject ? ([['İleti Konusu', r.subject]] as [string, string][]) : []),
    ['Bilgilendirme Metni', r.clarification],
    ['Şablon ID', r.templateId],
    ['Şablon SHA-256', r.templateSha256],
    ['Vergi Kimlik Numarası', r.vkn],
    ['İYS Numarası', String(r.iysCode)],
    ['İleti Alfanümeriği', r.channel === 'SMS' ? f.senderId : '-'],
    [
      'Referans',
      r.method === 'SHORT_URL'
        ? 'ViA PASS onay linki (tek kullanımlık, 24 saat geçerli; kullanıldı)'
        : `ViA PASS OTP isteği ${r.requestId}`,
    ],
  );
  return `ViA PASS İşlem Özeti\n\n${lines.map(([k, v]) => `${k}: ${v.replace(/\r?\n/g, '\n  ')}`).join('\n')}\n`;
}
