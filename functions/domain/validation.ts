import type { z } from 'zod';
import { errorItem, IysError, type IysErrorItem, xCodes } from './errors.js';
import catalogue from './h-codes.json' with { type: 'json' };

/**
 * Convention shared by every schema: a zod check that fails reports an H-code (or X-code) as its message,
 * e.g. `z.string({ error: (iss) => (iss.input === undefined ? 'H114' : 'H122') })`. This module turns
 * zod's issues into İYS error items, with `location` (the JSON path) and the offending `value`.
 * Unknown keys (strict objects) become H118 listing the allowed fields, as İYS answers.
 */
const codePattern = /^[HX]\d{3,4}$/;

function isKnownCode(msg: string): boolean {
  return codePattern.test(msg) && (msg in (catalogue as Record<string, unknown>) || msg in xCodes);
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p as never];
  }
  return cur;
}

export interface IssueMapOptions {
  /** Code used for an issue whose schema gave no code (shape errors of the whole body). */
  fallbackCode: string;
  /** Batch requests report the item index separately, as İYS does. */
  indexFromPath?: boolean;
  /** Allowed field names listed in H118 (defaults to the object's keys). */
  allowedFields?: (path: PropertyKey[]) => string[] | undefined;
  /** İYS's texts for codes whose catalogue message does not fit this body (or names the field, by location). */
  messages?: IysMessages;
}

/** İYS's own text of a code in one body: fixed, or naming the field it is reported at. */
export type IysMessages = Readonly<
  Record<string, string | ((location: (string | number)[]) => string | undefined)>
>;

export function issuesToErrors(
  issues: z.core.$ZodIssue[],
  input: unknown,
  opts: IssueMapOptions,
): IysErrorItem[] {
  const out: IysErrorItem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const extra: { location?: (string | number)[]; value?: unknown; index?: number } = {};
    let loc = path;
    if (opts.indexFromPath && typeof loc[0] === 'number') {
      extra.index = loc[0];
      loc = loc.slice(1);
    }
    if (issue.code === 'unrecognized_keys') {
      const allowed = opts.allowedFields?.(issue.path) ?? [];
      for (const key of issue.keys) {
        const message = allowed.length
          ? `Alan değeri kabul edilemedi. İstek gövdesinde bulunabilecek değerler: ${allowed.join(', ')} olmalıdır.`
          : undefined;
        out.push(
          errorItem('H118', {
            ...extra,
            location: [...loc, key],
            value: valueAt(input, [...issue.path, key]),
            ...(message ? { message } : {}),
          }),
        );
      }
      continue;
    }
    const code = isKnownCode(issue.message) ? issue.message : opts.fallbackCode;
    if (loc.length) extra.location = loc;
    const value = valueAt(input, issue.path);
    if (value !== undefined) extra.value = value;
    // A check may carry İYS's own text for this context (e.g. H464 names the channel).
    const own =
      issue.code === 'custom'
        ? (issue.params as { iysMessage?: unknown } | undefined)?.iysMessage
        : undefined;
    const text = opts.messages?.[code];
    const message = typeof own === 'string' ? own : typeof text === 'function' ? text(loc) : text;
    out.push(errorItem(code, { ...extra, ...(message ? { message } : {}) }));
  }
  return dedupe(out);
}

function dedupe(items: IysErrorItem[]): IysErrorItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = `${i.code}|${i.index ?? ''}|${JSON.stringify(i.location ?? [])}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Parses with a schema or throws an IysError carrying every problem found. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  opts: IssueMapOptions,
): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new IysError(issuesToErrors(r.error.issues, input, opts));
}

/**
 * Optional fields must be left out, never sent empty or null (İYS refuses them). Use with an optional
 * field's schema: null → `empty` (the field's own code when İYS has one, e.g. H267 for retailerCode,
 * X007 otherwise), any other wrong input → `invalid`. Strings add `.min(1, empty)` for ''.
 */
export function optionalCodes(invalid: string, empty = 'X007') {
  return { error: (iss: { input?: unknown }) => (iss.input === null || iss.input === '' ? empty : invalid) };
}

/** A helper for error callbacks: missing → `missing`, anything else → `invalid`. */
export function codes(missing: string, invalid: string) {
  return { error: (iss: { input?: unknown }) => (iss.input === undefined ? missing : invalid) };
}
