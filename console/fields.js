// Option lists and conversions shared by the console's forms.
import { channelNames, recipientTypeNames, sourceNames, statusNames } from '/portal/format.js';

const withCode = (names) => Object.entries(names).map(([code, name]) => [code, `${name} (${code})`]);

export const recipientTypeOptions = withCode(recipientTypeNames);
export const statusOptions = withCode(statusNames);
/** The sources a provider may send (İYS's own sources are set only by İYS). */
export const sourceOptions = withCode(sourceNames).filter(([c]) => c.startsWith('HS_'));

/** The channels of the chosen brand the user may use in `mode` (an integrator: as its grant says). */
export function channelOptions(ctx, mode) {
  return withCode(channelNames).filter(([c]) => ctx.can(c, mode));
}

/** "24.11.2026 09:00" (or with seconds) → "2026-11-24 09:00:00"; anything else is sent as written, so
 * the API's own error explains it. */
export function fromTurkishDateTime(text) {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return text;
  const p = (s) => String(s).padStart(2, '0');
  return `${m[3]}-${p(m[2])}-${p(m[1])} ${p(m[4])}:${m[5]}:${m[6] ?? '00'}`;
}

/** Now in Turkey as "gg.aa.yyyy ss:dd". */
export function nowTurkish(now = new Date()) {
  const t = new Date(now.getTime() + 3 * 3600_000).toISOString();
  return `${t.slice(8, 10)}.${t.slice(5, 7)}.${t.slice(0, 4)} ${t.slice(11, 16)}`;
}

/** A list typed one a line (or comma-separated), blanks dropped. */
export const lines = (text) =>
  (text ?? '')
    .split(/[\r\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Rethrows an API error with the line of the list it is about: an error on one address of a list
 * (`location: ['recipients', i, …]`) is shown beside the list field, saying which line it is.
 */
export function withLine(e) {
  if (!e?.errors) throw e;
  throw {
    ...e,
    errors: e.errors.map((x) => {
      const [name, i] = Array.isArray(x.location) ? x.location : [];
      return name === 'recipients' && typeof i === 'number'
        ? { ...x, message: `${i + 1}. satır: ${x.message}` }
        : x;
    }),
  };
}
