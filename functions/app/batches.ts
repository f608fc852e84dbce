import { randomUUID } from 'node:crypto';
import type * as batches from '../adapters/batch-store.js';
import type { OutMessage } from '../adapters/queues.js';
import { formatTurkeyTime } from '../domain/consent/dates.js';
import type { Target } from '../domain/consent/request.js';
import { checkBatch } from '../domain/consent/validate.js';
import { errorItem, IysError } from '../domain/errors.js';
import type { ConsentWriter } from './consents-batch.js';

/**
 * İYS async batches (addBatchConsent, addBatchConsentV2, searchRequestDetails(V2); İYS reference §7.3):
 * the whole request is checked first (1–1000 items, each item by the consent rules, no two items for the
 * same (recipientType, type, recipient)), then stored with every item `enqueue`, sent to the batch queue in
 * slices, and answered 202. The batch worker records the items with the consent use case and keeps each
 * item's outcome for 60 days.
 *
 * Three factories, one per side, each over only the ports it uses: accepting (`batchIntake`: the store and
 * the batch queue), reporting (`batchReports`: the store) and working (`batchWorker`: the store and the
 * consent write path). A Lambda's grants follow what its handler reaches (functions/specs/grants.ts), so the
 * API side never reaches the consent write path and only the intake reaches the queue.
 */
const RETENTION_SECONDS = 60 * 86400;
const MAX_SLICE_ITEMS = 100;
const MAX_SLICE_BYTES = 200 * 1024;

export type BatchVersion = 'v1' | 'v2';

export interface BatchSlice {
  requestId: string;
  iysCode: number;
  brandCode: number;
  version: BatchVersion;
  /** Acceptance time (epoch ms). */
  acceptedAt: number;
  items: { index: number; subrequestId: string; body: unknown }[];
}

/** What accepting a batch needs: the batch store, the batch queue, the clock. */
export interface BatchIntakePorts {
  /** Stores a new batch (its items all `enqueue`). */
  putBatch: typeof batches.putBatch;
  /** Sends the slices to the batch queue. */
  enqueue(messages: OutMessage[]): Promise<void>;
  now(): Date;
}

export function batchIntake(ports: BatchIntakePorts) {
  return {
    acceptBatch: (t: Target, body: unknown, version: BatchVersion) => acceptBatch(ports, t, body, version),
  };
}

export type BatchIntake = ReturnType<typeof batchIntake>;

async function acceptBatch(ports: BatchIntakePorts, t: Target, body: unknown, version: BatchVersion) {
  const now = ports.now();
  const errors = checkBatch(body, now);
  if (errors.length) throw new IysError(errors);
  const items = body as Record<string, unknown>[];
  const requestId = randomUUID();
  const subrequestIds = items.map(() => randomUUID());
  const acceptedAt = now.getTime();
  await ports.putBatch({
    requestId,
    iysCode: t.iysCode,
    brandCode: t.brandCode,
    version,
    count: items.length,
    subRequestIds: subrequestIds,
    createdAt: now.toISOString(),
    expiresAt: Math.floor(acceptedAt / 1000) + RETENTION_SECONDS,
  });
  const messages: OutMessage[] = [];
  let slice: BatchSlice['items'] = [];
  let bytes = 0;
  const flush = () => {
    if (!slice.length) return;
    const s: BatchSlice = {
      requestId,
      iysCode: t.iysCode,
      brandCode: t.brandCode,
      version,
      acceptedAt,
      items: slice,
    };
    messages.push({ body: JSON.stringify(s) });
    slice = [];
    bytes = 0;
  };
  items.forEach((item, index) => {
    const size = JSON.stringify(item).length + 80;
    if (slice.length >= MAX_SLICE_ITEMS || (slice.length && bytes + size > MAX_SLICE_BYTES)) flush();
    slice.push({ index, subrequestId: subrequestIds[index]!, body: item });
    bytes += size;
  });
  flush();
  await ports.enqueue(messages);
  const creationDate = formatTurkeyTime(acceptedAt);
  return {
    requestId,
    subRequests: items.map((item, index) => ({
      subrequestId: subrequestIds[index]!,
      type: item.type,
      source: item.source,
      recipient: item.recipient,
      status: item.status,
      consentDate: item.consentDate,
      recipientType: item.recipientType ?? 'BIREYSEL',
      creationDate,
    })),
  };
}

/** What working a slice needs: the batch store, the consent write path, the clock. */
export interface BatchWorkerPorts {
  readBatch: typeof batches.readBatch;
  /** Keeps item outcomes (idempotent). */
  putResults: typeof batches.putResults;
  /** v2: the batch item that first recorded a transactionId, if a v2 batch did. */
  firstRecorder: typeof batches.firstRecorder;
  /** v2: remembers the first batch item that recorded a transactionId (first writer wins). */
  rememberRecorder: typeof batches.rememberRecorder;
  consents: ConsentWriter;
  now(): Date;
}

export function batchWorker(ports: BatchWorkerPorts) {
  return {
    processSlice: (s: BatchSlice) => processSlice(ports, s),
    burySlice: (s: BatchSlice) => burySlice(ports, s),
  };
}

export type BatchWorker = ReturnType<typeof batchWorker>;

/** Records one slice's items and keeps their outcomes. Safe to run again (same outcomes). */
async function processSlice(ports: BatchWorkerPorts, s: BatchSlice): Promise<batches.ItemResult[]> {
  const now = ports.now();
  const t = { iysCode: s.iysCode, brandCode: s.brandCode };
  const outcomes = await ports.consents.recordConsents(
    t,
    s.items.map((i) => ({
      input: i.body,
      repeat:
        s.version === 'v2'
          ? { kind: 'v2' as const }
          : { kind: 'job' as const, id: `${s.requestId}:${i.index}` },
    })),
    { actor: 'HS', now },
  );
  const expiresAt = Math.floor(s.acceptedAt / 1000) + RETENTION_SECONDS;
  const results: batches.ItemResult[] = [];
  for (const [n, o] of outcomes.entries()) {
    const item = s.items[n]!;
    if (!o.ok) {
      const e = o.errors[0]!;
      results.push({ index: item.index, status: 'failure', error: { code: e.code, message: e.message } });
      continue;
    }
    const r: batches.ItemResult = {
      index: item.index,
      status: 'success',
      transactionId: o.transactionId,
      creationDate: o.creationDate,
    };
    if (s.version === 'v2') {
      const mine = { requestId: s.requestId, subRequestId: item.subrequestId };
      const first = o.created
        ? undefined
        : await ports.firstRecorder(s.iysCode, s.brandCode, o.transactionId);
      if (first && (first.requestId !== mine.requestId || first.subRequestId !== mine.subRequestId)) {
        r.repeated = true;
        r.original = first;
      } else if (!first && !o.created && recordedBefore(o.creationDate, s.acceptedAt)) {
        r.repeated = true; // recorded earlier by addConsentV2
      } else {
        await ports.rememberRecorder(s.iysCode, s.brandCode, o.transactionId, mine, expiresAt);
      }
    }
    results.push(r);
  }
  await ports.putResults(s.iysCode, s.brandCode, s.requestId, results, expiresAt);
  return results;
}

function recordedBefore(creationDate: string, acceptedAtMs: number): boolean {
  // creationDate is Turkey time (UTC+3), to the second.
  const ms = Date.parse(`${creationDate.replace(' ', 'T')}+03:00`);
  return ms < Math.floor(acceptedAtMs / 1000) * 1000;
}

/** The slice failed on its last delivery: its items without an outcome become failures (H470). */
async function burySlice(ports: BatchWorkerPorts, s: BatchSlice): Promise<void> {
  const { results } = await ports.readBatch(s.iysCode, s.brandCode, s.requestId);
  const done = new Set(results.map((r) => r.index));
  const e = errorItem('H470');
  const left = s.items
    .filter((i) => !done.has(i.index))
    .map((i) => ({
      index: i.index,
      status: 'failure' as const,
      error: { code: e.code, message: e.message },
    }));
  if (left.length)
    await ports.putResults(
      s.iysCode,
      s.brandCode,
      s.requestId,
      left,
      Math.floor(s.acceptedAt / 1000) + RETENTION_SECONDS,
    );
}

/** requestId checks of İYS (H198 longer than 36, H199 letters only, H400 digits only). */
export function checkRequestId(requestId: string): void {
  const extra = { location: ['requestId'], value: requestId };
  if (requestId.length > 36) throw IysError.of('H198', extra);
  if (/^[A-Za-z]+$/.test(requestId)) throw IysError.of('H199', extra);
  if (/^\d+$/.test(requestId)) throw IysError.of('H400', extra);
}

/** What reporting on a batch needs: the batch store. */
export interface BatchReportPorts {
  /** The batch and every result recorded so far. */
  readBatch: typeof batches.readBatch;
}

export function batchReports(ports: BatchReportPorts) {
  return {
    requestDetails: (t: Target, requestId: string, version: BatchVersion) =>
      requestDetails(ports, t, requestId, version),
  };
}

export type BatchReports = ReturnType<typeof batchReports>;

/** searchRequestDetails(V2): one entry per item, in index order; unknown or expired requestIds give []. */
async function requestDetails(ports: BatchReportPorts, t: Target, requestId: string, version: BatchVersion) {
  checkRequestId(requestId);
  const { batch, results } = await ports.readBatch(t.iysCode, t.brandCode, requestId);
  if (!batch) return [];
  const byIndex = new Map(results.map((r) => [r.index, r]));
  return batch.subRequestIds.map((subrequestId, index) => {
    const r = byIndex.get(index);
    if (!r) return { index, status: 'enqueue', subrequestId };
    if (r.status === 'failure') return { index, subrequestId, status: 'failure', error: r.error };
    return {
      index,
      subrequestId,
      requestId,
      status: 'success',
      transactionId: r.transactionId,
      creationDate: r.creationDate,
      ...(version === 'v2' && r.repeated
        ? { isAddConsentV2Service: true, ...(r.original ? { originalRequestInformation: r.original } : {}) }
        : {}),
    };
  });
}
