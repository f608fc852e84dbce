/**
 * Recipient addresses (İYS reference §6.1): phones in E.164 checked with libphonenumber's full
 * metadata, e-mails by İYS's published rules, and the channel/address match (H464).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
// The same module libphonenumber-js/max reads (no second copy in a bundle).
import maxMetadata from 'libphonenumber-js/metadata.max';
import { errorItem, type IysErrorItem } from '../errors.js';
import type { ConsentType, RecipientKind } from './types.js';

export type AddressKind = RecipientKind | 'UNKNOWN';

/** Longest phone number İYS accepts, in characters including the '+'. */
export const MAX_PHONE_LENGTH = 15;
export const MIN_EMAIL_LENGTH = 6;
export const MAX_EMAIL_LENGTH = 265;

/**
 * What a raw recipient looks like: EMAIL if it has an '@', PHONE if it is made of digits with an
 * optional leading '+' (spaces, dashes, dots and brackets tolerated here, refused later), else UNKNOWN.
 */
export function addressKind(raw: string): AddressKind {
  if (raw.includes('@')) return 'EMAIL';
  if (/^\+?[\d\s().-]+$/.test(raw) && /\d/.test(raw)) return 'PHONE';
  return 'UNKNOWN';
}

/** The channels that need a phone number. */
export function isPhoneType(type: ConsentType): boolean {
  return type === 'ARAMA' || type === 'MESAJ';
}

export type PhoneCheck = { ok: true; value: string } | { ok: false; codes: ('TOO_LONG' | 'H121')[] };

/**
 * A phone must be '+' then digits only, at most 15 characters, a number libphonenumber (max metadata)
 * considers valid, and already canonical E.164 (so national trunk prefixes are refused: '+9005…',
 * '+44020…'). Turkish numbers written '+900…' are refused explicitly (İYS accepts and stores them, but
 * they are unreachable; see docs/consent-rules.md). Returns the number unchanged when valid.
 */
const trMobile = (() => {
  // metadata.max: countries.TR = [code, idd, general pattern, lengths, formats, …, types[fixed, mobile, …]]
  const tr = (maxMetadata as unknown as { countries: Record<string, unknown[]> }).countries.TR!;
  const general = new RegExp(`^(?:${tr[2] as string})$`);
  const types = tr.find((x, i) => i > 4 && Array.isArray(x) && Array.isArray((x as unknown[])[0])) as [
    string,
    number[]?,
  ][];
  const mobile = types[1]!;
  return { general, mobile: new RegExp(`^(?:${mobile[0]})$`), lengths: mobile[1] ?? (tr[3] as number[]) };
})();

export function isTurkishMobile(raw: string): boolean {
  if (raw.length !== 13 || !raw.startsWith('+905')) return false;
  const national = raw.slice(3);
  return (
    trMobile.lengths.includes(national.length) &&
    trMobile.general.test(national) &&
    trMobile.mobile.test(national)
  );
}

export function checkPhone(raw: string): PhoneCheck {
  if (raw.length > MAX_PHONE_LENGTH) return { ok: false, codes: ['TOO_LONG', 'H121'] };
  if (!/^\+[1-9]\d+$/.test(raw)) return { ok: false, codes: ['H121'] };
  if (raw.startsWith('+900')) return { ok: false, codes: ['H121'] };
  // Turkish mobiles are most of what İYS sees: a number that matches the metadata's own general and mobile
  // patterns is one libphonenumber calls valid, answered without a full parse (a one-sided shortcut:
  // anything else takes the full check; test/unit/consent/address.test.ts compares both).
  if (isTurkishMobile(raw)) return { ok: true, value: raw };
  const parsed = parsePhoneNumberFromString(raw);
  if (!parsed?.isValid() || parsed.number !== raw) return { ok: false, codes: ['H121'] };
  return { ok: true, value: raw };
}

// İYS's e-mail rules: ASCII only (no Turkish letters), no spaces, no special characters such as
// {[(!'^%&/()=?,”½²³°¶)}]; local part of letters, digits and . _ - + (leading '-', '_', '.' and
// repeated '--' / '__' allowed; '..' and a '.' right before '@' are not); domain of dot-separated
// labels (letters, digits, inner '-') ending in a TLD of at least 2 letters; at least x@xx.xx.
const LOCAL = /^[a-z0-9._+-]+$/i;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;

/** Checks an e-mail by İYS's rules and returns it in lower case (İYS stores e-mails in lower case). */
export function checkEmail(raw: string): { ok: true; value: string } | { ok: false } {
  if (raw.length < MIN_EMAIL_LENGTH || raw.length > MAX_EMAIL_LENGTH) return { ok: false };
  const at = raw.indexOf('@');
  if (at < 1 || at !== raw.lastIndexOf('@')) return { ok: false };
  const local = raw.slice(0, at);
  const domain = raw.slice(at + 1);
  if (!LOCAL.test(local) || local.includes('..') || local.endsWith('.')) return { ok: false };
  if (!DOMAIN.test(domain)) return { ok: false };
  const lastDot = domain.lastIndexOf('.');
  if (lastDot < 2) return { ok: false }; // at least two characters before the TLD: x@xx.xx
  return { ok: true, value: raw.toLowerCase() };
}

/** H464's message differs by channel (texts from İYS's batchConsentStatus examples). */
export function channelMismatchMessage(type: ConsentType): string {
  return isPhoneType(type)
    ? `İzin tipi (type) ${type} için, alıcı (recipient) telefon formatında olmalıdır.`
    : 'İzin tipi (type) EPOSTA için, alıcı (recipient) e-posta formatında olmalıdır.';
}

export interface NormaliseOptions {
  /** JSON path used in the error items (default ['recipient']). */
  location?: (string | number)[];
  /**
   * Code for a phone longer than 15 characters. 'H160' (consent bodies) is reported together with
   * H121, as İYS does; 'H166' (status queries) is reported alone, as in İYS's consentDetail example.
   */
  tooLongCode?: 'H160' | 'H166';
}

export type NormaliseResult =
  | { ok: true; value: string; kind: RecipientKind }
  | { ok: false; errors: IysErrorItem[] };

/**
 * Validates a recipient for a channel and returns its normal form (E.164 phone, lower-case e-mail),
 * or the error items: H114 missing, H464 channel mismatch, H121 bad phone (with H160/H166 when
 * too long), H120 bad e-mail. `type` may be undefined when the body's type is itself missing or
 * invalid: the address is then checked by its own shape only.
 */
export function normaliseRecipient(
  raw: unknown,
  type: ConsentType | undefined,
  opts: NormaliseOptions = {},
): NormaliseResult {
  // The schema and the use case both normalise the same value in a row: answer the repeat from memory.
  if (
    typeof raw === 'string' &&
    last &&
    last.raw === raw &&
    last.type === type &&
    last.opts === optsKey(opts)
  )
    return last.result;
  const result = normaliseUncached(raw, type, opts);
  if (typeof raw === 'string' && result.ok) last = { raw, type, opts: optsKey(opts), result };
  return result;
}

let last: { raw: string; type: ConsentType | undefined; opts: string; result: NormaliseResult } | undefined;
const defaultOpts = 'recipient|H160';
const optsKey = (o: NormaliseOptions) =>
  o.location === undefined && o.tooLongCode === undefined
    ? defaultOpts
    : `${(o.location ?? ['recipient']).join('.')}|${o.tooLongCode ?? 'H160'}`;

function normaliseUncached(
  raw: unknown,
  type: ConsentType | undefined,
  opts: NormaliseOptions,
): NormaliseResult {
  const location = opts.location ?? ['recipient'];
  const tooLong = opts.tooLongCode ?? 'H160';
  const fail = (...items: IysErrorItem[]): NormaliseResult => ({ ok: false, errors: items });
  if (raw === undefined) return fail(errorItem('H114', { location }));
  const wantPhone = type === undefined ? undefined : isPhoneType(type);
  if (typeof raw !== 'string') {
    return fail(errorItem(wantPhone === false ? 'H120' : 'H121', { location, value: raw }));
  }
  const kind = addressKind(raw);
  if (type !== undefined && ((wantPhone && kind === 'EMAIL') || (!wantPhone && kind === 'PHONE'))) {
    return fail(errorItem('H464', { location, value: raw, message: channelMismatchMessage(type) }));
  }
  const asPhone = wantPhone ?? kind !== 'EMAIL';
  if (asPhone) {
    const r = checkPhone(raw);
    if (r.ok) return { ok: true, value: r.value, kind: 'PHONE' };
    if (r.codes.includes('TOO_LONG')) {
      return tooLong === 'H166'
        ? fail(errorItem('H166', { location, value: raw }))
        : fail(errorItem('H160', { location, value: raw }), errorItem('H121', { location, value: raw }));
    }
    return fail(errorItem('H121', { location, value: raw }));
  }
  const r = checkEmail(raw);
  if (r.ok) return { ok: true, value: r.value, kind: 'EMAIL' };
  return fail(errorItem('H120', { location, value: raw }));
}
