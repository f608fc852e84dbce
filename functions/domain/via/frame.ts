/**
 * ViA Frame (iys-reference.md §7.15, docs/via-frame.md): a provider's embeddable consent widget. Pure rules:
 * what a widget may ask for, which origins may embed it, and the lifetimes and states of the nonce and the
 * widget session that stop a replayed or cross-site request. The secrets themselves (HMACs, random values) come
 * from the adapters; the domain only says what is bound to what and compares digests in constant time.
 */
import type { ConsentType, RecipientType } from '../consent/types.js';
import { errorItem, type IysErrorItem } from '../errors.js';
import { sameDigest } from './challenge.js';

/** A nonce from publicKey must be used to load the widget within 10 minutes. */
export const NONCE_LIFETIME_MS = 10 * 60_000;
/** A loaded widget's session (its cookie key, CSRF token and nonce chain) lives 30 minutes. */
export const SESSION_LIFETIME_MS = 30 * 60_000;
/** İYS: "Captcha 3 denemeden sonra ortaya çıkar": the 4th start of a session or of an address needs one. */
export const CAPTCHA_AFTER_STARTS = 3;
/** A captcha is answered within 5 minutes, once. */
export const CAPTCHA_LIFETIME_MS = 5 * 60_000;
/**
 * A bot can open a new session for every start, so the starts from one network address are counted too: over
 * 30 an hour for one widget, every start needs a captcha. Higher than a session's 3, since many people share
 * an address (offices, mobile carriers' NAT).
 */
export const CAPTCHA_AFTER_ADDRESS_STARTS = 30;
export const START_WINDOW_SECONDS = 3600;

/** The widget collects consents by one-time code (the short-link flows need no widget: docs/via-frame.md). */
export const FRAME_VERIFICATION_TYPES = ['SMS_OTP', 'EPOSTA_OTP'] as const;
export type FrameVerificationType = (typeof FRAME_VERIFICATION_TYPES)[number];
export const FRAME_KVK_TYPES = ['AYDINLATMA_METNI', 'ACIK_RIZA_METNI', 'YURTDISI_AKTARIM'] as const;
export type FrameKvkType = (typeof FRAME_KVK_TYPES)[number];
export const FRAME_CONSENT_TYPES = ['ETK', 'KVK', 'ETK_KVK'] as const;
export type FrameConsentType = (typeof FRAME_CONSENT_TYPES)[number];

/** A ViA Frame widget as its provider defined it. Widgets are immutable: a change is a new widget. */
export interface Widget {
  widgetUUID: string;
  iysCode: number;
  name: string;
  /** The brands whose ETK consents the widget asks for (all of the provider's own). */
  brandCodes: number[];
  /** The ETK channels asked for (MESAJ, ARAMA, EPOSTA); empty when the widget asks only for KVK. */
  etkTypes: ConsentType[];
  kvkTypes: FrameKvkType[];
  recipientType: RecipientType;
  verificationTypes: FrameVerificationType[];
  /** Normalised origins (`https://host[:port]`) that may embed the widget. */
  allowedOrigins: string[];
  /** The consent (ETK) text shown to the recipient. */
  formText: string;
  /** The clarification (aydınlatma) text for KVK, when kvkTypes is not empty. */
  kvkText?: string;
  /** The published ViA OTP form holding these texts: the process is a ViA request on it. */
  formId: number;
  createdAt: string;
  createdBy: string;
}

export type WidgetDefinition = Omit<Widget, 'widgetUUID' | 'iysCode' | 'formId' | 'createdAt' | 'createdBy'>;

/** The text of the widget's ViA form: what the widget shows, in its order (the evidence hashes it). */
export const formTextOf = (d: Pick<Widget, 'formText' | 'kvkText'>) =>
  [d.formText, d.kvkText].filter((t) => t?.trim()).join('\n\n');

/**
 * An origin as browsers send it in `Origin`: scheme, host and port only. Anything else (a path, a query,
 * credentials, another scheme) is not an origin; http is taken only for loopback hosts (local demos).
 */
export function normaliseOrigin(raw: string): string | undefined {
  const m = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:]+\])(?::(\d{1,5}))?\/?$/i.exec(raw.trim());
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  const host = m[2]!.toLowerCase();
  const port = m[3];
  if (host.startsWith('.') || host.endsWith('.') || host.includes('..')) return undefined;
  const loopback = host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (scheme === 'http' && !loopback) return undefined;
  const defaultPort = scheme === 'https' ? '443' : '80';
  return `${scheme}://${host}${port && port !== defaultPort ? `:${Number(port)}` : ''}`;
}

/** The host name of an origin (what İYS's publicKey answer pairs with the nonce: `key|domain`). */
export function hostnameOf(origin: string): string {
  return origin.replace(/^https?:\/\//, '').replace(/:\d+$/, '');
}

/** Whether a request's `Origin` header names one of the widget's embedding origins. */
export function originAllowed(w: Pick<Widget, 'allowedOrigins'>, origin: string | undefined): boolean {
  if (!origin) return false;
  const o = normaliseOrigin(origin);
  return o !== undefined && w.allowedOrigins.includes(o);
}

export const channelOfFrame = (v: FrameVerificationType): 'SMS' | 'EPOSTA' =>
  v === 'SMS_OTP' ? 'SMS' : 'EPOSTA';

/** İYS's sources for a consent collected by the widget: IYS_FRAME_SMS by phone, IYS_FRAME_EPOSTA by e-mail. */
export const frameSource = (v: FrameVerificationType): 'IYS_FRAME_SMS' | 'IYS_FRAME_EPOSTA' =>
  v === 'SMS_OTP' ? 'IYS_FRAME_SMS' : 'IYS_FRAME_EPOSTA';

/** The rules of a widget's definition the schema cannot say (field errors X094 with their location). */
export function widgetDefinitionErrors(d: WidgetDefinition): IysErrorItem[] {
  const errors: IysErrorItem[] = [];
  const bad = (reason: string, location: (string | number)[], value?: unknown) =>
    errors.push(errorItem('X094', { vars: { reason }, location, ...(value !== undefined ? { value } : {}) }));
  if (d.etkTypes.length === 0 && d.kvkTypes.length === 0)
    bad('etkTypes veya kvkTypes boş olmamalıdır', ['etkTypes']);
  if (d.etkTypes.length > 0 && d.brandCodes.length === 0)
    bad('ETK izni için en az bir marka seçilmelidir', ['brandCodes']);
  if (d.kvkTypes.length > 0 && !d.kvkText?.trim())
    bad('KVK izni için aydınlatma metni (kvkText) gerekir', ['kvkText']);
  if (d.etkTypes.includes('EPOSTA') && !d.verificationTypes.includes('EPOSTA_OTP'))
    bad('EPOSTA izni e-posta doğrulaması (EPOSTA_OTP) gerektirir', ['verificationTypes']);
  if (d.etkTypes.some((t) => t !== 'EPOSTA') && !d.verificationTypes.includes('SMS_OTP'))
    bad('MESAJ ve ARAMA izinleri telefon doğrulaması (SMS_OTP) gerektirir', ['verificationTypes']);
  d.allowedOrigins.forEach((o, i) => {
    if (!normaliseOrigin(o))
      bad('izin verilen köken https://alan[:port] biçiminde olmalıdır', ['allowedOrigins', i], o);
  });
  return errors;
}

/**
 * The ETK channels a verification can collect: the phone verifies MESAJ and ARAMA, the e-mail EPOSTA (an
 * address is verified only for its own channel).
 */
export function etkTypesFor(w: Pick<Widget, 'etkTypes'>, v: FrameVerificationType): ConsentType[] {
  return w.etkTypes.filter((t) => (v === 'EPOSTA_OTP' ? t === 'EPOSTA' : t !== 'EPOSTA'));
}

/** What a start asks for, judged against the widget: every code X096 with the offending field. */
export function startAgainstWidget(
  w: Widget,
  body: {
    etkTypes: string[];
    kvkTypes: string[];
    verificationType: string;
    recipientType: string;
    citizenName?: string;
  },
): IysErrorItem[] {
  const errors: IysErrorItem[] = [];
  const refuse = (location: string, value: unknown) =>
    errors.push(errorItem('X096', { location: [location], value }));
  if (!(w.verificationTypes as readonly string[]).includes(body.verificationType))
    refuse('verificationType', body.verificationType);
  else {
    const offered = etkTypesFor(w, body.verificationType as FrameVerificationType) as string[];
    for (const t of body.etkTypes) if (!offered.includes(t)) refuse('etkTypes', t);
  }
  for (const t of body.kvkTypes) if (!(w.kvkTypes as readonly string[]).includes(t)) refuse('kvkTypes', t);
  if (body.recipientType !== w.recipientType) refuse('recipientType', body.recipientType);
  if (body.etkTypes.length === 0 && body.kvkTypes.length === 0) refuse('etkTypes', body.etkTypes);
  if (body.kvkTypes.length > 0 && !body.citizenName?.trim())
    errors.push(
      errorItem('X096', { location: ['citizenName'], message: 'KVK onayı için ad soyad gereklidir.' }),
    );
  return errors;
}

/** A nonce publicKey issued: only its keyed digest is stored, bound to the widget and the caller's origin. */
export interface FrameNonce {
  widgetUUID: string;
  origin: string;
  /** Epoch milliseconds. */
  issuedAt: number;
  expiresAt: number;
  /** Set when load-widget used it: a nonce loads one widget, once. */
  loadedAt?: number;
}

export type NonceVerdict = 'OK' | 'UNKNOWN' | 'EXPIRED' | 'USED' | 'OTHER_WIDGET' | 'OTHER_ORIGIN';

/** Judges a nonce presented to load-widget (before it is marked used, conditionally, by the adapter). */
export function judgeNonce(
  n: FrameNonce | undefined,
  at: { widgetUUID: string; origin: string | undefined; now: number },
): NonceVerdict {
  if (!n) return 'UNKNOWN';
  if (n.widgetUUID !== at.widgetUUID) return 'OTHER_WIDGET';
  if (at.origin === undefined || normaliseOrigin(at.origin) !== n.origin) return 'OTHER_ORIGIN';
  if (n.loadedAt !== undefined) return 'USED';
  if (at.now >= n.expiresAt) return 'EXPIRED';
  return 'OK';
}

/**
 * A loaded widget's session. Its lookup key is the keyed digest of its cookie key; the CSRF token is an HMAC
 * of `csrfMaterial` (the first nonce's digest, the widget, the embedding origin), so it is checked without
 * being stored; `nonceDigest` is the one nonce the next request may present (each request spends it).
 */
export interface FrameSession {
  widgetUUID: string;
  iysCode: number;
  origin: string;
  /** Keyed digest of the publicKey nonce the session was loaded with. */
  rootDigest: string;
  nonceDigest: string;
  createdAt: number;
  expiresAt: number;
  /** Processes started in the session (the captcha counts them). */
  starts: number;
  requestIds: string[];
  captcha?: { cid: string; answerDigest: string; expiresAt: number };
  version: number;
}

/** What the CSRF token is the HMAC of: it ties the token to the nonce, the widget and the embedding origin. */
export function csrfMaterial(s: Pick<FrameSession, 'rootDigest' | 'widgetUUID' | 'origin'>): string {
  return ['via-frame-csrf', s.rootDigest, s.widgetUUID, s.origin].join('\n');
}

export type SessionVerdict = 'OK' | 'UNKNOWN' | 'EXPIRED' | 'OTHER_WIDGET' | 'BAD_CSRF' | 'REPLAYED_NONCE';

/** Judges the session fields of a process request (digests computed by the caller's ports). */
export function judgeSession(
  s: FrameSession | undefined,
  at: {
    widgetUUID: string;
    now: number;
    csrfToken: string;
    expectedCsrf: string | undefined;
    nonceDigest: string;
  },
): SessionVerdict {
  if (!s) return 'UNKNOWN';
  if (s.widgetUUID !== at.widgetUUID) return 'OTHER_WIDGET';
  if (at.now >= s.expiresAt) return 'EXPIRED';
  if (at.expectedCsrf === undefined || !sameDigest(at.csrfToken, at.expectedCsrf)) return 'BAD_CSRF';
  if (!sameDigest(at.nonceDigest, s.nonceDigest)) return 'REPLAYED_NONCE';
  return 'OK';
}

/** Whether a start needs a solved captcha: after 3 starts in the session, or 30 an hour from the address. */
export const captchaNeeded = (startsInSession: number, startsFromAddress: number) =>
  startsInSession >= CAPTCHA_AFTER_STARTS || startsFromAddress > CAPTCHA_AFTER_ADDRESS_STARTS;

export type CaptchaVerdict = 'OK' | 'MISSING' | 'WRONG';

/** Judges a captcha answer: the challenge the session holds, its id, its lifetime, its answer's digest. */
export function judgeCaptcha(
  held: FrameSession['captcha'],
  given: { cid?: string; answerDigest?: string },
  now: number,
): CaptchaVerdict {
  if (!held || !given.cid || !given.answerDigest) return 'MISSING';
  if (held.cid !== given.cid || now >= held.expiresAt) return 'WRONG';
  return sameDigest(held.answerDigest, given.answerDigest) ? 'OK' : 'WRONG';
}

/** A captcha answer as compared: letters and digits only, upper case (the image shows no lower case). */
export const normaliseCaptcha = (s: string) => s.replace(/[^0-9a-z]/gi, '').toUpperCase();
