import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { pipeline, type Readable, Transform } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { UploadItem, UploadStore } from '../adapters/upload-store.js';
import {
  type BulkRow,
  type CsvColumn,
  checkHeader,
  csvRow,
  fileFailure,
  formatReportLine,
  jsonRow,
  MAX_UPLOAD_BYTES,
  partitionOf,
  partitionsFor,
  REPORT_HEADER,
  type ReportLine,
  reportLines,
  rowRecipient,
} from '../domain/bulk/rows.js';
import { XlsxBadHeader, XlsxUnreadable, xlsxRows } from '../domain/bulk/xlsx.js';
import type { Target } from '../domain/consent/request.js';
import { IysError, type IysErrorItem } from '../domain/errors.js';
import type { ConsentRow, ConsentWriter, RowOutcome } from './consents-batch.js';

/**
 * Bulk consent files (docs/bulk.md): the provider asks for an upload and PUTs a CSV or JSON Lines file to a
 * presigned URL; S3 tells the splitter (through SQS), which streams the object, checks it is what it claims,
 * routes each row to a partition by its consent key and sends chunks of rows to a FIFO work queue (one
 * message group per partition, so one consent's rows are applied in file order); workers apply a chunk with
 * the consent use case and count it once (a marker and the counters in one transaction); the last one to
 * finish writes the error report.
 *
 * Everything outside pure rules is reached through `BulkDeps`, so the benchmark runs this same code with
 * in-process fakes.
 */
export interface Chunk {
  uploadId: string;
  iysCode: number;
  brandCode: number;
  index: number;
  partition: number;
  rows: BulkRow[];
}

/** A chunk as sent to the work queue (FIFO: group = upload partition, dedup id = chunk index). */
export interface ChunkMessage {
  body: string;
  groupId: string;
  dedupId: string;
}

export function parseChunk(body: string): Chunk {
  return JSON.parse(body) as Chunk;
}

export interface ReportStore {
  putPart(uploadId: string, index: number, text: string): Promise<void>;
  /** Parts written so far, by chunk index. */
  listParts(uploadId: string): Promise<{ index: number; size: number }[]>;
  readPart(uploadId: string, index: number): Promise<string>;
  putReport(uploadId: string, parts: AsyncIterable<string> | string, size: number): Promise<string>;
}

export interface ProgressStore {
  /** Outcomes of the completed rounds of a chunk (a chunk whose rows repeat a consent has several). */
  readRounds(uploadId: string, index: number): Promise<Map<number, StoredRound>>;
  writeRound(uploadId: string, index: number, round: number, r: StoredRound): Promise<void>;
}

export interface StoredRound {
  success: number;
  failures: { line: number; errors: IysErrorItem[] }[];
}

export interface BulkDeps {
  /** The consent write path (functions/app/consents-batch.ts). */
  consents: ConsentWriter;
  uploads: UploadStore;
  reports: ReportStore;
  progress: ProgressStore;
  now: () => Date;
}

export interface SplitDeps {
  uploads: Pick<UploadStore, 'get' | 'finish'> & {
    claimSplit(uploadId: string, nowMs: number, leaseMs: number, partitions: number): Promise<boolean>;
    setSeen(uploadId: string, seen: number): Promise<boolean>;
    finishSplit(uploadId: string, chunks: number, seen: number): Promise<boolean>;
  };
  open(): Promise<Readable>;
  /** Bytes start…end−1 of the object (an .xlsx is read by ranges). */
  openRange?(start: number, end: number): Promise<Readable>;
  size(): Promise<number | undefined>;
  send(messages: ChunkMessage[]): Promise<void>;
  now: () => Date;
  chunkRows?: number;
  maxPartitions?: number;
  /** File bytes per partition (a small file gets one partition). */
  partitionBytes?: number;
  /** Called when the split finished (the last chunks may already be done: finalize then). */
  afterSplit?: (uploadId: string) => Promise<void>;
}

export const UPLOAD_URL_SECONDS = 15 * 60;
export const REPORT_URL_SECONDS = 5 * 60;
const SPLIT_LEASE_MS = 14 * 60 * 1000;
const MAX_SORTED_REPORT_LINES = 200_000;
const MAX_CHUNK_BYTES = 200 * 1024;

export function uploadKey(iysCode: number, brandCode: number, uploadId: string): string {
  return `uploads/${iysCode}/${brandCode}/${uploadId}`;
}

/** `uploads/{iysCode}/{brandCode}/{uploadId}` → its parts; undefined for any other key. */
export function parseUploadKey(
  key: string,
): { iysCode: number; brandCode: number; uploadId: string } | undefined {
  const m = /^uploads\/(\d{1,12})\/(\d{1,12})\/([0-9a-f-]{36})$/.exec(key);
  return m ? { iysCode: Number(m[1]), brandCode: Number(m[2]), uploadId: m[3]! } : undefined;
}

export const reportKey = (uploadId: string) => `upload-reports/${uploadId}/report.csv`;
export const partKey = (uploadId: string, index: number) =>
  `upload-reports/${uploadId}/parts/${String(index).padStart(7, '0')}.csv`;

// ---------------------------------------------------------------------------------------------------------
// Request and status

export function newUpload(
  t: Target,
  req: { format: 'csv' | 'jsonl' | 'xlsx'; sizeBytes: number },
  now: Date,
): UploadItem {
  const uploadId = randomUUID();
  return {
    uploadId,
    iysCode: t.iysCode,
    brandCode: t.brandCode,
    format: req.format,
    sizeBytes: req.sizeBytes,
    key: uploadKey(t.iysCode, t.brandCode, uploadId),
    status: 'WAITING',
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + 60 * 86400,
  };
}

export interface UploadView {
  uploadId: string;
  status: UploadItem['status'];
  reason?: string;
  reasonCode?: string;
  format: UploadItem['format'];
  sizeBytes: number;
  rows: { seen: number; done: number; success: number; failure: number };
  errorsByCode: Record<string, number>;
  createdAt: string;
  reportUrl?: string;
  reportExpiresAt?: string;
}

export function viewOf(u: UploadItem): UploadView {
  const errorsByCode: Record<string, number> = {};
  for (const [k, v] of Object.entries(u))
    if (k.startsWith('e_') && typeof v === 'number' && v) errorsByCode[k.slice(2)] = v;
  return {
    uploadId: u.uploadId,
    status: u.status,
    ...(u.reason ? { reason: u.reason.message, reasonCode: u.reason.code } : {}),
    format: u.format,
    sizeBytes: u.sizeBytes,
    rows: { seen: u.seen ?? 0, done: u.done ?? 0, success: u.success ?? 0, failure: u.failure ?? 0 },
    errorsByCode: Object.fromEntries(Object.entries(errorsByCode).sort(([a], [b]) => (a < b ? -1 : 1))),
    createdAt: u.createdAt,
  };
}

export function ownedUpload(u: UploadItem | undefined, t: Target, uploadId: string): UploadItem {
  if (!u || u.iysCode !== t.iysCode || u.brandCode !== t.brandCode)
    throw IysError.of('X060', { location: ['uploadId'], value: uploadId });
  return u;
}

// ---------------------------------------------------------------------------------------------------------
// Splitter

/** Checks UTF-8 (fatal decoder over the whole stream) and NUL bytes, passing the bytes on unchanged. */
function textGuard(onBad: () => void): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        if (chunk.indexOf(0) !== -1) throw new Error('NUL');
        decoder.decode(chunk, { stream: true });
      } catch {
        onBad();
        done(new Error('not text'));
        return;
      }
      done(null, chunk);
    },
    flush(done) {
      try {
        decoder.decode();
      } catch {
        onBad();
        done(new Error('not text'));
        return;
      }
      done();
    },
  });
}

class FileRefused extends Error {
  constructor(readonly failure: { code: string; message: string }) {
    super(failure.code);
  }
}

/** Rows of the file, as they stream by (CSV via csv-parse, JSON Lines via a line reader). */
async function* rowsOf(format: 'csv' | 'jsonl', input: Readable): AsyncGenerator<BulkRow> {
  if (format === 'csv') {
    // pipeline (not pipe): an error of any stage ends the iteration below instead of escaping.
    const parser = pipeline(
      input,
      parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, relax_quotes: false }),
      () => undefined,
    );
    let columns: CsvColumn[] | undefined;
    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: string[];
        info: { lines: number };
      }>) {
        if (!columns) {
          const h = checkHeader(record);
          if (!h.ok) throw new FileRefused(fileFailure('X064', h.reason));
          columns = h.columns;
          continue;
        }
        yield csvRow(columns, record, info.lines);
      }
    } catch (e) {
      if (e instanceof FileRefused) throw e;
      // csv-parse's codes mostly start with CSV_, but not all (INVALID_OPENING_QUOTE): any CsvError is the file's.
      if (e instanceof CsvError || (e as { code?: string }).code?.startsWith('CSV_'))
        throw new FileRefused(fileFailure('X064', 'CSV okunamadı (RFC 4180 tırnak kuralları).'));
      throw e;
    }
    if (!columns) throw new FileRefused(fileFailure('X062'));
    return;
  }
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let first = true;
  for await (const raw of lines) {
    line++;
    const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (text.trim() === '') continue;
    const row = jsonRow(text, line);
    if (first && row.error) throw new FileRefused(fileFailure('X069'));
    first = false;
    yield row;
  }
}

export type SplitResult =
  | { outcome: 'ignored'; why: string }
  | { outcome: 'failed'; code: string }
  | { outcome: 'split'; rows: number; chunks: number };

/** Streams one uploaded object into chunks. Safe to run again for the same upload (see docs/bulk.md). */
export async function splitUpload(uploadId: string, deps: SplitDeps): Promise<SplitResult> {
  const u = await deps.uploads.get(uploadId);
  if (!u) return { outcome: 'ignored', why: 'unknown upload' };
  if (u.status === 'COMPLETED' || u.status === 'FAILED' || u.splitDone)
    return { outcome: 'ignored', why: u.status };
  const fail = async (f: { code: string; message: string }): Promise<SplitResult> => {
    await deps.uploads.finish(uploadId, 'FAILED', { reason: f });
    return { outcome: 'failed', code: f.code };
  };
  const size = await deps.size();
  if (size === undefined) return { outcome: 'ignored', why: 'no object' };
  if (size > u.sizeBytes || size > MAX_UPLOAD_BYTES)
    return fail(fileFailure('X065', `Bildirilen: ${u.sizeBytes} bayt, gelen: ${size} bayt.`));
  if (size === 0) return fail(fileFailure('X062'));

  const partitions = u.partitions ?? partitionsFor(size, deps.maxPartitions ?? 16, deps.partitionBytes);
  if (!(await deps.uploads.claimSplit(uploadId, deps.now().getTime(), SPLIT_LEASE_MS, partitions)))
    return { outcome: 'ignored', why: 'claimed' };

  const chunkRows = deps.chunkRows ?? 1000;
  // Rows are kept serialised; a chunk is also cut when its message would pass ~200 KB (SQS allows 256 KB).
  const buffers: string[][] = Array.from({ length: partitions }, () => []);
  const bytes: number[] = new Array(partitions).fill(0);
  let outbox: ChunkMessage[] = [];
  let index = 0;
  let seen = 0;
  let lastProgress = 0;
  let notText = false;
  const emit = async (p: number) => {
    const i = index++;
    outbox.push({
      body: `{"uploadId":"${uploadId}","iysCode":${u.iysCode},"brandCode":${u.brandCode},"index":${i},"partition":${p},"rows":[${buffers[p]!.join(',')}]}`,
      groupId: `${uploadId}:${p}`,
      dedupId: `${uploadId}:${i}`,
    });
    buffers[p] = [];
    bytes[p] = 0;
    if (outbox.length >= 10) {
      const out = outbox;
      outbox = [];
      await deps.send(out);
    }
  };

  // An .xlsx is binary (a ZIP): read by ranges (functions/domain/bulk/xlsx.ts), without the text guard.
  const rows =
    u.format === 'xlsx'
      ? xlsxRows({ size, range: (start, end) => deps.openRange!(start, end) })
      : rowsOf(
          u.format,
          pipeline(
            await deps.open(),
            textGuard(() => (notText = true)),
            () => undefined,
          ),
        );
  try {
    for await (const row of rows) {
      seen++;
      const p = partitionOf(row, partitions);
      const json = JSON.stringify(row);
      // UTF-8 bytes, and cut before a row would take the chunk past the limit, so a message stays under
      // SQS's 256 KB whatever its rows' sizes (a single row larger than that alone is not a consent row).
      const size = Buffer.byteLength(json) + 1;
      if (buffers[p]!.length && bytes[p]! + size > MAX_CHUNK_BYTES) await emit(p);
      buffers[p]!.push(json);
      bytes[p]! += size;
      if (buffers[p]!.length >= chunkRows) await emit(p);
      if (seen - lastProgress >= 50_000) {
        lastProgress = seen;
        await deps.uploads.setSeen(uploadId, seen);
      }
    }
  } catch (e) {
    if (notText) return fail(fileFailure('X063'));
    if (e instanceof FileRefused) return fail(e.failure);
    if (e instanceof XlsxBadHeader) return fail(fileFailure('X064', e.message));
    if (e instanceof XlsxUnreadable) return fail(fileFailure('X070', e.message));
    throw e;
  }
  if (notText) return fail(fileFailure('X063'));
  if (seen === 0) return fail(fileFailure('X062'));
  for (let p = 0; p < partitions; p++) if (buffers[p]!.length) await emit(p);
  if (outbox.length) await deps.send(outbox);
  await deps.uploads.finishSplit(uploadId, index, seen);
  await deps.afterSplit?.(uploadId);
  return { outcome: 'split', rows: seen, chunks: index };
}

// ---------------------------------------------------------------------------------------------------------
// Worker

/** Rounds of a chunk: round r holds the r-th row of each consent key (file order kept within a key). */
export function roundsOf(rows: BulkRow[]): BulkRow[][] {
  const occurrences = new Map<string, number>();
  const rounds: BulkRow[][] = [];
  for (const row of rows) {
    let r = 0;
    if (row.body) {
      const b = row.body;
      const rcp = typeof b.recipient === 'string' ? b.recipient.trim() : '';
      const k = `${rcp.includes('@') ? rcp.toLowerCase() : rcp}|${b.recipientType ?? 'BIREYSEL'}|${b.type ?? ''}`;
      r = occurrences.get(k) ?? 0;
      occurrences.set(k, r + 1);
    }
    const round = rounds[r] ?? [];
    rounds[r] = round;
    round.push(row);
  }
  return rounds;
}

/** Error items are kept without `value` (it can be the address itself). */
function withoutValue(e: IysErrorItem): IysErrorItem {
  return { code: e.code, message: e.message, ...(e.location ? { location: e.location } : {}) };
}

export interface ChunkResult {
  counted: boolean;
  rows: number;
  success: number;
  failure: number;
}

/**
 * Applies one chunk. A chunk counted before is skipped. Within a chunk, a consent's rows are applied one
 * round at a time; when a chunk has several rounds, each finished round's outcomes are kept, so that a
 * redelivery after a crash reports the same outcome for rows refused before a later row of the same
 * consent was recorded.
 */
export async function applyChunk(chunk: Chunk, deps: BulkDeps): Promise<ChunkResult> {
  const { uploadId } = chunk;
  const none = { counted: false, rows: chunk.rows.length, success: 0, failure: 0 };
  const u = await deps.uploads.get(uploadId);
  if (!u || u.status === 'COMPLETED' || u.status === 'FAILED') return none;
  if (await deps.uploads.chunkCounted(uploadId, chunk.index)) {
    await maybeFinalize(uploadId, deps);
    return none;
  }
  const target = { iysCode: chunk.iysCode, brandCode: chunk.brandCode };
  const now = deps.now();
  const rounds = roundsOf(chunk.rows);
  const stored = rounds.length > 1 ? await deps.progress.readRounds(uploadId, chunk.index) : new Map();
  const report: ReportLine[] = [];
  const byCode: Record<string, number> = {};
  let success = 0;
  let failure = 0;
  const refuse = (row: BulkRow, errors: IysErrorItem[]) => {
    failure++;
    errors = errors.map(withoutValue);
    for (const e of errors) byCode[e.code] = (byCode[e.code] ?? 0) + 1;
    report.push(...reportLines(row.line, errors, rowRecipient(row)));
  };
  for (const [r, rows] of rounds.entries()) {
    const kept = stored.get(r);
    if (kept) {
      success += kept.success;
      const byLine = new Map(rows.map((row) => [row.line, row]));
      for (const f of kept.failures) refuse(byLine.get(f.line) ?? { line: f.line }, f.errors);
      continue;
    }
    const inputs: ConsentRow[] = [];
    const at: BulkRow[] = [];
    const roundFailures: StoredRound['failures'] = [];
    let roundSuccess = 0;
    for (const row of rows) {
      if (row.error || !row.body) {
        const errors = row.error ? [row.error] : [];
        refuse(row, errors);
        roundFailures.push({ line: row.line, errors: errors.map(withoutValue) });
        continue;
      }
      inputs.push({ input: row.body, repeat: { kind: 'job', id: `${uploadId}:${row.line}` } });
      at.push(row);
    }
    const outcomes: RowOutcome[] = inputs.length
      ? await deps.consents.recordConsents(target, inputs, { actor: 'HS', now })
      : [];
    outcomes.forEach((o, i) => {
      if (o.ok) {
        success++;
        roundSuccess++;
      } else {
        refuse(at[i]!, o.errors);
        roundFailures.push({ line: at[i]!.line, errors: o.errors.map(withoutValue) });
      }
    });
    if (rounds.length > 1 && r < rounds.length - 1)
      await deps.progress.writeRound(uploadId, chunk.index, r, {
        success: roundSuccess,
        failures: roundFailures,
      });
  }
  if (report.length) {
    report.sort((a, b) => a.line - b.line);
    await deps.reports.putPart(uploadId, chunk.index, report.map(formatReportLine).join(''));
  }
  const counted = await deps.uploads.countChunk(uploadId, chunk.index, {
    rows: chunk.rows.length,
    success,
    failure,
    byCode,
  });
  await maybeFinalize(uploadId, deps);
  return { counted, rows: chunk.rows.length, success, failure };
}

/** A chunk that failed its last delivery: counted as dead, so the upload can end (FAILED, X068). */
export async function buryChunk(chunk: Chunk, deps: BulkDeps): Promise<void> {
  if (await deps.uploads.chunkCounted(chunk.uploadId, chunk.index)) return;
  await deps.uploads.markDead(chunk.uploadId, chunk.index);
  await maybeFinalize(chunk.uploadId, deps);
}

/** When every chunk is counted (or dead), writes the report and ends the upload. Idempotent. */
export async function maybeFinalize(uploadId: string, deps: BulkDeps): Promise<boolean> {
  const u = await deps.uploads.get(uploadId);
  if (!u?.splitDone || (u.status !== 'PROCESSING' && u.status !== 'RECEIVED')) return false;
  if ((u.chunksDone ?? 0) + (u.deadChunks ?? 0) < (u.chunks ?? 0)) return false;
  const key = await writeReport(uploadId, deps.reports, u.failure ?? 0);
  if (u.deadChunks)
    return deps.uploads.finish(uploadId, 'FAILED', {
      reportKey: key,
      reason: fileFailure('X068', `${u.deadChunks} parça (${u.chunks} parçadan) işlenemedi.`),
    });
  return deps.uploads.finish(uploadId, 'COMPLETED', { reportKey: key });
}

/**
 * The report: every refused row's errors, by line. Parts are sorted in memory up to 200,000 lines (1 % of a
 * 20-million-row file); above that they are streamed in chunk order, each part sorted by line.
 */
async function writeReport(uploadId: string, reports: ReportStore, failures: number): Promise<string> {
  const parts = (await reports.listParts(uploadId)).sort((a, b) => a.index - b.index);
  const header = `${REPORT_HEADER}\n`;
  if (failures <= MAX_SORTED_REPORT_LINES) {
    const lines: { line: number; text: string }[] = [];
    for (const p of parts) {
      const text = await reports.readPart(uploadId, p.index);
      for (const l of text.split('\n')) if (l) lines.push({ line: Number.parseInt(l, 10), text: `${l}\n` });
    }
    lines.sort((a, b) => a.line - b.line);
    const body = header + lines.map((l) => l.text).join('');
    return reports.putReport(uploadId, body, Buffer.byteLength(body));
  }
  const size = Buffer.byteLength(header) + parts.reduce((n, p) => n + p.size, 0);
  async function* stream() {
    yield header;
    for (const p of parts) yield await reports.readPart(uploadId, p.index);
  }
  return reports.putReport(uploadId, stream(), size);
}
