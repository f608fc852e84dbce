import { Readable } from 'node:stream';
import type { UploadItem } from '../../../functions/adapters/upload-store.js';
import {
  type BulkDeps,
  type ChunkMessage,
  newUpload,
  type SplitDeps,
  type StoredRound,
} from '../../../functions/app/bulk.js';
import { consentWriter } from '../../../functions/app/consents-batch.js';
import { memoryConsents } from './consent-fakes.js';

/**
 * In-memory fakes of the bulk pipeline's ports, with the conditions of the DynamoDB adapters
 * (functions/adapters/upload-store.ts): the split claim (status, splitDone, lease), a chunk counted once,
 * a dead chunk marked once, an upload finished once. The consent write path is the real one over
 * test/unit/app/consent-fakes.ts.
 */
const OPEN = ['WAITING', 'RECEIVED', 'PROCESSING'];

export function memoryBulk(opts: {
  now: Date;
  format?: UploadItem['format'];
  sizeBytes?: number;
  target?: { iysCode: number; brandCode: number };
}) {
  const target = opts.target ?? { iysCode: 700001, brandCode: 700001 };
  const upload = newUpload(
    target,
    { format: opts.format ?? 'csv', sizeBytes: opts.sizeBytes ?? 1024 * 1024 },
    opts.now,
  );
  let u: UploadItem = { ...upload };
  const counted = new Set<number>();
  const dead = new Set<number>();
  const parts = new Map<number, string>();
  const rounds = new Map<string, StoredRound>();
  const reports: { body: string; size: number }[] = [];
  const calls = {
    finish: [] as { status: string; extra: unknown }[],
    setSeen: [] as number[],
    countChunk: 0,
    writeRound: [] as { index: number; round: number; r: StoredRound }[],
    readRounds: 0,
  };
  const uploads: BulkDeps['uploads'] & SplitDeps['uploads'] = {
    get: async (id) => (id === u.uploadId ? structuredClone(u) : undefined),
    chunkCounted: async (_id, index) => counted.has(index),
    countChunk: async (_id, index, k) => {
      calls.countChunk++;
      if (counted.has(index)) return false;
      counted.add(index);
      u.done = (u.done ?? 0) + k.rows;
      u.success = (u.success ?? 0) + k.success;
      u.failure = (u.failure ?? 0) + k.failure;
      u.chunksDone = (u.chunksDone ?? 0) + 1;
      for (const [code, n] of Object.entries(k.byCode)) u[`e_${code}`] = (u[`e_${code}`] ?? 0) + n;
      return true;
    },
    markDead: async (_id, index) => {
      if (dead.has(index)) return false;
      dead.add(index);
      u.deadChunks = (u.deadChunks ?? 0) + 1;
      return true;
    },
    finish: async (_id, status, extra) => {
      calls.finish.push({ status, extra });
      if (!OPEN.includes(u.status)) return false;
      u.status = status;
      if (extra.reportKey) u.reportKey = extra.reportKey;
      if (extra.reason) u.reason = extra.reason;
      delete u.splitLease;
      return true;
    },
    claimSplit: async (_id, nowMs, leaseMs, partitions) => {
      if (!OPEN.includes(u.status) || u.splitDone || (u.splitLease !== undefined && u.splitLease >= nowMs))
        return false;
      u.status = 'RECEIVED';
      u.splitLease = nowMs + leaseMs;
      u.partitions ??= partitions;
      return true;
    },
    setSeen: async (_id, seen) => {
      calls.setSeen.push(seen);
      if (!['RECEIVED', 'PROCESSING'].includes(u.status) || (u.seen ?? 0) > seen) return false;
      u.seen = seen;
      u.status = 'PROCESSING';
      return true;
    },
    finishSplit: async (_id, chunks, seen) => {
      if (!['RECEIVED', 'PROCESSING'].includes(u.status)) return false;
      u.splitDone = true;
      u.chunks = chunks;
      u.seen = seen;
      u.status = 'PROCESSING';
      delete u.splitLease;
      return true;
    },
  };
  const reportStore: BulkDeps['reports'] = {
    putPart: async (_id, index, text) => {
      parts.set(index, text);
    },
    listParts: async () => [...parts.entries()].map(([index, t]) => ({ index, size: Buffer.byteLength(t) })),
    readPart: async (_id, index) => parts.get(index) ?? '',
    putReport: async (id, body, size) => {
      let text = '';
      if (typeof body === 'string') text = body;
      else for await (const s of body) text += s;
      reports.push({ body: text, size });
      return `upload-reports/${id}/report.csv`;
    },
  };
  const progress: BulkDeps['progress'] = {
    readRounds: async (_id, index) => {
      calls.readRounds++;
      const m = new Map<number, StoredRound>();
      for (const [k, r] of rounds) {
        const [i, round] = k.split(':').map(Number);
        if (i === index) m.set(round!, structuredClone(r));
      }
      return m;
    },
    writeRound: async (_id, index, round, r) => {
      calls.writeRound.push({ index, round, r: structuredClone(r) });
      rounds.set(`${index}:${round}`, structuredClone(r));
    },
  };
  const consents = memoryConsents({ now: opts.now });
  const deps: BulkDeps = {
    consents: consentWriter(consents.ports),
    uploads,
    reports: reportStore,
    progress,
    now: () => opts.now,
  };
  /** The messages the splitter sent, in order. */
  const sent: ChunkMessage[][] = [];
  /** Splitter ports over a file held in memory (streamed in pieces of `piece` bytes). */
  const splitDeps = (file: Buffer | string, extra: Partial<SplitDeps> = {}): SplitDeps => {
    const bytes = typeof file === 'string' ? Buffer.from(file) : file;
    const piece = 4096;
    const pieces = () => {
      const out: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += piece) out.push(bytes.subarray(i, i + piece));
      return out;
    };
    return {
      uploads,
      open: async () => Readable.from(pieces()),
      openRange: async (s, e) => Readable.from([bytes.subarray(s, e)]),
      size: async () => bytes.length,
      send: async (m) => {
        sent.push(m);
      },
      now: () => opts.now,
      ...extra,
    };
  };
  return {
    upload,
    uploadId: upload.uploadId,
    uploads,
    deps,
    splitDeps,
    sent,
    consents,
    parts,
    rounds,
    reports,
    calls,
    counted,
    dead,
    state: () => structuredClone(u),
    /** Replaces fields of the stored upload (as another process would have). */
    patch: (p: Partial<UploadItem>) => {
      u = { ...u, ...p } as UploadItem;
    },
  };
}
