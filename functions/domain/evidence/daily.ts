import type { Movement } from '../movement.js';

/**
 * İYS's daily movement file (iys-reference §7.11): one CSV per brand and Turkey day, columns
 * creationDate, transactionId, recipient, recipientType, type, status, consentDate, source, rows sorted by
 * creationDate then transactionId, a header row, every line ending in "\n" (the file too). The two lists
 * the regulation names are the same rows split by status: approvals (ONAY) and rejections (RET).
 */
export const DAILY_COLUMNS = [
  'creationDate',
  'transactionId',
  'recipient',
  'recipientType',
  'type',
  'status',
  'consentDate',
  'source',
] as const;

export const DAILY_HEADER = `${DAILY_COLUMNS.join(',')}\n`;

export type DailyFile = 'changes' | 'approvals' | 'rejections';
export const DAILY_FILES: readonly DailyFile[] = ['changes', 'approvals', 'rejections'];

/** RFC 4180 quoting, only where a value needs it (never for İYS's own values). */
function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvRow(m: Movement): string {
  return `${[
    m.creationDate,
    m.transactionId,
    m.recipient,
    m.recipientType,
    m.type,
    m.status,
    m.consentDate ?? '',
    m.source ?? '',
  ]
    .map(field)
    .join(',')}\n`;
}

/** The files a movement goes to. */
export function filesOf(m: Pick<Movement, 'status'>): DailyFile[] {
  return m.status === 'ONAY' ? ['changes', 'approvals'] : ['changes', 'rejections'];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date `YYYY-MM-DD`, or undefined. */
export function parseReportDate(s: string): { y: number; m: number; d: number } | undefined {
  const m = DATE.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return { y, m: mo, d };
}

const TURKEY_OFFSET_S = 3 * 3600;

/** The Turkey day `YYYY-MM-DD` as UTC epoch seconds [start, end): 21:00 UTC the day before to 21:00 UTC. */
export function turkeyDayBounds(date: string): { start: number; end: number } {
  const p = parseReportDate(date);
  if (!p) throw new RangeError(`not a date: ${date}`);
  const start = Date.UTC(p.y, p.m - 1, p.d) / 1000 - TURKEY_OFFSET_S;
  return { start, end: start + 86400 };
}

/** The Turkey calendar date of an instant. */
export function turkeyDate(at: Date): string {
  return new Date(at.getTime() + TURKEY_OFFSET_S * 1000).toISOString().slice(0, 10);
}

/** Whole days from `date` back to today's Turkey date (0 = today, negative = future). */
export function daysBack(date: string, now: Date): number {
  const today = turkeyDayBounds(turkeyDate(now)).start;
  return Math.round((today - turkeyDayBounds(date).start) / 86400);
}

/** `yyyyMMdd` of the day markers (consent-store `dayItem`). */
export const compactDate = (date: string): string => date.replace(/-/g, '');

/** What a day's download serves: the CSV, its RFC 3161 time stamp, or its CMS signature. */
export type Artefact = 'csv' | 'tsr' | 'p7s';
