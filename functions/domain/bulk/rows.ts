/**
 * Bulk files, pure rules (no I/O): the CSV header, turning a CSV record or a JSON line into a consent
 * body, the partition of a row, and the error report's lines. The streaming and the storage live in
 * functions/app/bulk.ts and the adapters.
 */
import { createHash } from 'node:crypto';
import { describeCode, errorItem, type IysErrorItem } from '../errors.js';

/** Columns a CSV file may have, in the order the documentation lists them. */
export const CSV_COLUMNS = [
  'recipient',
  'type',
  'status',
  'consentDate',
  'source',
  'recipientType',
  'retailerCode',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: CsvColumn[] = ['recipient', 'type', 'status'];

export const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;

/** A row handed to a worker: its line in the file and the consent body (or why it has none). */
export interface BulkRow {
  line: number;
  /** The consent body; absent when the row could not be read (then `error` says why). */
  body?: Record<string, unknown>;
  error?: IysErrorItem;
  /**
   * The recipient as written, for the provider's own report, on a row without a body (a row with a body
   * has it there: chunks do not carry it twice).
   */
  recipient?: string;
}

/** The recipient of a row as written in the file, for the report. */
export function rowRecipient(row: BulkRow): string | undefined {
  if (row.recipient !== undefined) return row.recipient;
  const r = row.body?.recipient;
  return typeof r === 'string' && r !== '' ? r : undefined;
}

export type HeaderResult = { ok: true; columns: CsvColumn[] } | { ok: false; reason: string };

/** Checks a CSV header: known column names only, no repeats, and recipient, type and status present. */
export function checkHeader(cells: string[]): HeaderResult {
  const names = cells.map((c) => c.trim());
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length)
    return {
      ok: false,
      reason: `Bilinmeyen sütun: ${unknown.slice(0, 3).join(', ')}. Geçerli sütunlar: ${CSV_COLUMNS.join(', ')}.`,
    };
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length) return { ok: false, reason: `Tekrarlanan sütun: ${repeated[0]}.` };
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) return { ok: false, reason: `Eksik sütun: ${missing.join(', ')}.` };
  return { ok: true, columns: names as CsvColumn[] };
}

/**
 * A CSV record as a consent body: empty cells are left out (İYS refuses empty optional fields), and a
 * retailerCode made of digits becomes a number (anything else stays text, so the consent schema refuses it
 * with its own code).
 */
export function csvRow(columns: CsvColumn[], cells: string[], line: number): BulkRow {
  const recipientAt = columns.indexOf('recipient');
  const recipient = cells[recipientAt];
  if (cells.length !== columns.length) {
    return { line, error: errorItem('X066', { value: cells.length }), ...(recipient ? { recipient } : {}) };
  }
  const body: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const v = cells[i]!;
    if (v === '') continue;
    const c = columns[i]!;
    body[c] = c === 'retailerCode' && /^\d{1,15}$/.test(v) ? Number(v) : v;
  }
  return { line, body };
}

/** A JSON line as a consent body (an object), or a row error. */
export function jsonRow(text: string, line: number): BulkRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, error: errorItem('X067') };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { line, error: errorItem('X067') };
  const body = value as Record<string, unknown>;
  return { line, body };
}

/**
 * The partition of a row: a hash of what identifies its consent (recipient as the registry will normalise
 * it for the cheap cases — trimmed, e-mail lower-cased —, recipientType, type). Rows of one consent always
 * land in the same partition, so they are applied in file order. Rows whose recipient is written in two
 * different ways that normalise to the same address are the only ones this cannot order (both forms are
 * then refused or accepted on their own merits).
 */
export function partitionOf(row: BulkRow, partitions: number): number {
  if (partitions <= 1) return 0;
  const b = row.body;
  const r = typeof b?.recipient === 'string' ? b.recipient.trim() : '';
  const recipient = r.includes('@') ? r.toLowerCase() : r;
  const key = `${recipient}|${b?.recipientType ?? 'BIREYSEL'}|${b?.type ?? ''}`;
  return createHash('sha1').update(key).digest().readUInt32BE(0) % partitions;
}

/** How many partitions (message groups) a file gets: enough for parallel workers, few for small files. */
export function partitionsFor(sizeBytes: number, max: number, bytesPerPartition = 512 * 1024): number {
  return Math.max(1, Math.min(max, Math.ceil(sizeBytes / bytesPerPartition)));
}

/** One line of the error report per error item. */
export interface ReportLine {
  line: number;
  code: string;
  field: string;
  message: string;
  recipient: string;
}

export const REPORT_HEADER = 'line,code,field,message,recipient';

export function reportLines(
  line: number,
  errors: IysErrorItem[],
  recipient: string | undefined,
): ReportLine[] {
  return errors.map((e) => ({
    line,
    code: e.code,
    field: (e.location ?? []).join('.'),
    message: e.message,
    recipient: recipient ?? '',
  }));
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatReportLine(r: ReportLine): string {
  return `${r.line},${csvCell(r.code)},${csvCell(r.field)},${csvCell(r.message)},${csvCell(r.recipient)}\n`;
}

/** A file-level failure: the X-code and its text (plus a detail), as an upload's `reason`. */
export function fileFailure(code: string, detail?: string): { code: string; message: string } {
  const { message } = describeCode(code);
  return { code, message: detail ? `${message} ${detail}` : message };
}
