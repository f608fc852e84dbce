/**
 * consentDate rules (İYS reference §6.2): format H158, real date H157, not before 2015-05-01 H156,
 * HS_2015 exactly 2015-05-01 00:00:00 H155, not in the future H162, and the three-business-day rule H467.
 * Pure: the clock (`now`) is always passed in. Times are Turkey time, UTC+3, no DST.
 */
import {
  addBusinessDays,
  addDays,
  startOfTurkeyDay,
  TURKEY_OFFSET_MS,
  turkeyDateOf,
} from '../calendar/turkey.js';
import { errorItem, type IysErrorItem } from '../errors.js';
import { type Actor, type ConsentDate, type ConsentSource, HS_2015_DATE_TEXT } from './types.js';

const FORMAT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Number of business days after the consent day within which a consent can still be recorded. */
export const RECORDING_BUSINESS_DAYS = 3;

export type DateParse = { ok: true; value: ConsentDate } | { ok: false; code: 'H158' | 'H157' };

/**
 * Parses 'YYYY-MM-DD HH:mm:ss' as Turkey time. Anything else in shape (ISO 'T', a zone, fractions,
 * missing seconds, a non-string) is H158; a well-shaped but impossible date or time is H157
 * (e.g. '2020-15-01 13:35:00', '2023-02-29 10:00:00', '2024-01-01 24:00:00').
 */
export function parseConsentDate(raw: unknown): DateParse {
  // The schema and the clock rules parse the same text in a row: answer the repeat from memory.
  if (typeof raw === 'string' && raw === lastParsed.raw) return lastParsed.result;
  const result = parseUncached(raw);
  if (typeof raw === 'string') lastParsed = { raw, result };
  return result;
}
let lastParsed: { raw: string | undefined; result: DateParse } = {
  raw: undefined,
  result: { ok: false, code: 'H158' },
};

function parseUncached(raw: unknown): DateParse {
  if (typeof raw !== 'string') return { ok: false, code: 'H158' };
  const m = FORMAT.exec(raw);
  if (!m) return { ok: false, code: 'H158' };
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return { ok: false, code: 'H157' };
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(utc);
  // Date.UTC maps years 0–99 to 1900–1999; treat them (and day overflow such as Feb 30) as invalid.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return { ok: false, code: 'H157' };
  }
  return { ok: true, value: { text: raw, epochMs: utc - TURKEY_OFFSET_MS } };
}

/** The earliest consentDate İYS accepts, 2015-05-01 00:00:00 Turkey time, in epoch ms. */
export const EARLIEST_CONSENT_MS = Date.UTC(2015, 4, 1) - TURKEY_OFFSET_MS;

/** 'YYYY-MM-DD HH:mm:ss' in Turkey time (the İYS wire format) for an instant. Milliseconds are dropped. */
export function formatTurkeyTime(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const second = Math.floor(ms / 1000);
  // Batches format the same second again and again: keep the last one.
  if (second === lastFormatted.second) return lastFormatted.text;
  const iso = new Date(second * 1000 + TURKEY_OFFSET_MS).toISOString(); // 2026-05-26T10:00:00.000Z shifted
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  lastFormatted = { second, text };
  return text;
}
let lastFormatted = { second: Number.NaN, text: '' };

/** ISO 8601 with the Turkey offset, e.g. '2026-05-26T13:00:00+03:00' (for the extension API). */
export function toTurkeyIso(instant: Date | number): string {
  const text = formatTurkeyTime(instant);
  return `${text.slice(0, 10)}T${text.slice(11)}+03:00`;
}

/** Parses an İYS 'YYYY-MM-DD HH:mm:ss' Turkey-time text to epoch ms, or undefined when invalid. */
export function parseTurkeyTime(text: string): number | undefined {
  const r = parseConsentDate(text);
  return r.ok ? r.value.epochMs : undefined;
}

/**
 * The three-business-day deadline for a consent taken at `consentMs`: the consent can be recorded
 * until the END of the 3rd business day after the consent's (Turkey) calendar day. Returned as the
 * exclusive limit: the instant 00:00:00 of the following calendar day (Turkey time).
 *
 * The consent day itself never counts (whether or not it is a business day); half-day eves count
 * as business days. Examples (see docs/consent-rules.md):
 * - taken Monday 2026-05-25 → Tue 26 (Kurban eve), Mon 1 Jun, Tue 2 Jun → recordable until 2026-06-02 23:59:59.
 * - taken Thursday 2026-12-31 → Mon 4, Tue 5, Wed 6 Jan 2027 → until 2027-01-06 23:59:59.
 */
export function recordingDeadline(consentMs: number): number {
  // The deadline depends only on the consent's Turkey day (a day number: no date text per row); remember
  // the last few, bulk files repeat days.
  const dayNo = Math.floor((consentMs + TURKEY_OFFSET_MS) / 86_400_000);
  let deadline = deadlines.get(dayNo);
  if (deadline === undefined) {
    const lastDay = addBusinessDays(turkeyDateOf(consentMs), RECORDING_BUSINESS_DAYS);
    deadline = startOfTurkeyDay(addDays(lastDay, 1));
    if (deadlines.size > 512) deadlines.clear();
    deadlines.set(dayNo, deadline);
  }
  return deadline;
}
const deadlines = new Map<number, number>();

/** true when a consent taken at `consentMs` may still be recorded at `nowMs` (the H467 rule). */
export function withinRecordingWindow(consentMs: number, nowMs: number): boolean {
  return nowMs < recordingDeadline(consentMs);
}

/** Date checks that need no clock: H158/H157 (format, validity), H156 (before 2015-05-01), H155 (HS_2015). */
export function clocklessDateErrors(
  raw: unknown,
  source: ConsentSource | undefined,
  location: (string | number)[] = ['consentDate'],
): { errors: IysErrorItem[]; value?: ConsentDate } {
  const r = parseConsentDate(raw);
  if (!r.ok) return { errors: [errorItem(r.code, { location, value: raw })] };
  const errors: IysErrorItem[] = [];
  if (r.value.epochMs < EARLIEST_CONSENT_MS) errors.push(errorItem('H156', { location, value: raw }));
  if (source === 'HS_2015' && r.value.text !== HS_2015_DATE_TEXT)
    errors.push(errorItem('H155', { location, value: raw }));
  return { errors, value: r.value };
}

/**
 * Date checks against the clock, for a date that passed the clockless checks:
 * H162 when consentDate is after `now` (second precision, no tolerance), and H467 when `now` is past
 * the three-business-day deadline. H467 applies to HS movements only, and never to HS_2015
 * (those consents are by definition years old); İYS-originated movements (e.g. IYS_AHS_HAT_KAPATMA,
 * which reuses the last consentDate on file) are exempt.
 */
export function clockDateErrors(
  value: ConsentDate,
  source: ConsentSource | undefined,
  ctx: { now: Date | number; actor: Actor },
  location: (string | number)[] = ['consentDate'],
): IysErrorItem[] {
  const nowMs = typeof ctx.now === 'number' ? ctx.now : ctx.now.getTime();
  if (value.epochMs > nowMs) return [errorItem('H162', { location, value: value.text })];
  if (ctx.actor === 'HS' && source !== 'HS_2015' && !withinRecordingWindow(value.epochMs, nowMs)) {
    return [errorItem('H467', { location, value: value.text })];
  }
  return [];
}
