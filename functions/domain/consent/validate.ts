/**
 * Validation of one consent movement: the wire schema (shape, enums, address, clockless date rules,
 * HS_KARAR, HS_2015) plus the clock rules (H162, H467), returning either the normalised record or every
 * error found, as İYS error items. State-dependent rules (H175, H174, H178, H462, H463) are in
 * transitions.ts.
 */

import { errorItem, type IysErrorItem } from '../errors.js';
import { normaliseRecipient } from './address.js';
import { clockDateErrors, parseConsentDate } from './dates.js';
import { CONSENT_MESSAGES, consentSchemaFor, toIysErrors } from './schema.js';
import { type Actor, CONSENT_FIELDS, type ConsentRecord } from './types.js';

export interface ValidateContext {
  /** The current instant (never read from the system clock here). */
  now: Date | number;
  /** 'HS' for service providers (HS_* sources only, H467 applies); 'IYS' for İYS's own movements. */
  actor: Actor;
  /** Position in a batch: copied to every error item as `index`. */
  index?: number;
}

export type ValidationResult = { ok: true; value: ConsentRecord } | { ok: false; errors: IysErrorItem[] };

const schemas = { HS: consentSchemaFor('HS'), IYS: consentSchemaFor('IYS') } as const;

/** Validates and normalises one consent body. Several errors are reported together when several apply. */
export function validateConsent(input: unknown, ctx: ValidateContext): ValidationResult {
  const parsed = schemas[ctx.actor].safeParse(input);
  const errors: IysErrorItem[] = parsed.success
    ? []
    : toIysErrors(parsed.error.issues, input, {
        fallbackCode: 'H085',
        messages: CONSENT_MESSAGES,
        allowedFields: [...CONSENT_FIELDS],
      });

  // Clock rules, whenever the date itself is sound (so that e.g. a bad recipient and a stale date are
  // reported together).
  const body = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const date = parseConsentDate(body.consentDate);
  const dateAlreadyRefused = errors.some((e) => e.location?.[0] === 'consentDate');
  if (date.ok && !dateAlreadyRefused) {
    const source = typeof body.source === 'string' ? (body.source as ConsentRecord['source']) : undefined;
    errors.push(...clockDateErrors(date.value, source, ctx));
  }

  if (errors.length > 0 || !parsed.success) {
    if (ctx.index !== undefined) for (const e of errors) e.index = ctx.index;
    return { ok: false, errors };
  }

  const v = parsed.data;
  const recipient = normaliseRecipient(v.recipient, v.type);
  if (!recipient.ok) return { ok: false, errors: recipient.errors }; // unreachable: the schema checked it
  const record: ConsentRecord = {
    recipient: recipient.value,
    recipientKind: recipient.kind,
    recipientType: v.recipientType ?? 'BIREYSEL',
    type: v.type,
    status: v.status,
  };
  if (v.source !== undefined) record.source = v.source;
  if (date.ok) record.consentDate = date.value;
  if (v.retailerCode !== undefined) record.retailerCode = v.retailerCode;
  if (v.retailerAccess !== undefined) record.retailerAccess = [...v.retailerAccess];
  return { ok: true, value: record };
}

/**
 * The add operations' body check: every field and clock rule of validateConsent. A sound body goes on as
 * sent, because the write path (shared with batch items and bulk rows) normalises it itself and keys a
 * repeated request on the text that was sent.
 */
export function checkConsentBody<B>(
  input: unknown,
  now: Date,
): { ok: true; value: B } | { ok: false; errors: IysErrorItem[] } {
  const v = validateConsent(input, { now, actor: 'HS' });
  return v.ok ? { ok: true, value: input as B } : v;
}

/** İYS's largest asynchronous batch (addBatchConsent). */
export const MAX_BATCH_ITEMS = 1000;

/** A batch request checked whole: every problem of every item, with `index` (H091, H092, H194), or nothing. */
export function checkBatch(body: unknown, now: Date): IysErrorItem[] {
  if (!Array.isArray(body)) return [errorItem('H092')];
  if (body.length === 0) return [errorItem('H092')];
  if (body.length > MAX_BATCH_ITEMS) return [errorItem('H091')];
  const errors: IysErrorItem[] = [];
  const seen = new Set<string>();
  body.forEach((item, index) => {
    const v = validateConsent(item, { now, actor: 'HS', index });
    if (!v.ok) {
      errors.push(...v.errors);
      return;
    }
    const key = `${v.value.recipientType}|${v.value.type}|${v.value.recipient}`;
    if (seen.has(key)) errors.push(errorItem('H194', { index }));
    seen.add(key);
  });
  return errors;
}

/** The batch operations' body check: checkBatch; a sound batch goes on as sent (its items are queued as sent). */
export function checkBatchBody<B>(
  input: unknown,
  now: Date,
): { ok: true; value: B } | { ok: false; errors: IysErrorItem[] } {
  const errors = checkBatch(input, now);
  return errors.length ? { ok: false, errors } : { ok: true, value: input as B };
}
