/**
 * Bulk-file benchmark (issue 4). Prints:
 *  1. A deterministic CSV of BENCH_ROWS rows (default 1,000,000; 1 % invalid) through the splitter and the
 *     chunk worker with in-process adapters (fakes of the store ports; the real envelope code with KMS
 *     answered in memory): success + failure = rows exactly; rows per CPU-second in each stage (target
 *     ≥ 20,000); KMS, DynamoDB requests and DynamoDB write units per 1,000 rows, counted as the AWS adapters
 *     would issue them. Run in a child process with the bulk worker Lambda's V8 flags (functions/specs/resources.ts).
 *  2. Peak RSS of the splitter for 100k and 1M rows, each in its own process (streaming: ratio ≤ 1.3).
 * The same kind of file end to end through the local system, uploaded with the CLI: bench/e2e.ts.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StateItem } from '../functions/adapters/consent-store.js';
import * as consentStore from '../functions/adapters/consent-store.js';
import type { UploadItem } from '../functions/adapters/upload-store.js';
import {
  applyChunk,
  type BulkDeps,
  type ChunkMessage,
  newUpload,
  parseChunk,
  type SplitDeps,
  splitUpload,
} from '../functions/app/bulk.js';
import { type ConsentPorts, consentWriter } from '../functions/app/consents-batch.js';
import { queues } from '../functions/specs/resources.js';
import { writeUnits } from './aws-counter.js';

process.env.IYS_LOG_LEVEL ??= 'SILENT';
process.env.IYS_SCRYPT_N ??= '1024';

const NOW = new Date('2026-11-25T10:00:00+03:00'); // a Wednesday
const HEADER = 'recipient,type,status,consentDate,source,recipientType,retailerCode';
const bad = [
  (i: number) => `90532${String(i).padStart(7, '0')},MESAJ,ONAY,2026-11-24 09:00:00,HS_WEB,,`, // H121
  (i: number) => `+90532${String(i).padStart(7, '0')},MESAJ,ONAY,2026-11-24 09:00:00,HS_KARAR,,`, // H408
  (i: number) => `u${i}@example.com,EPOSTA,ONAY,2026-11-24 09:00:00,HS_WEB,,`.replace('ONAY,', 'EVET,'), // H115
  (i: number) => `+90532${String(i).padStart(7, '0')},MESAJ,RET,2026-11-24 09:00:00,HS_WEB,,`, // H175
];

/** Row i of the benchmark file: 99 % good (phones and e-mails, ARAMA/MESAJ/EPOSTA), 1 % invalid. */
export function benchRow(i: number): string {
  if (i % 100 === 37) return bad[Math.floor(i / 100) % bad.length]!(i);
  if (i % 5 === 4) return `kisi${i}@example.com,EPOSTA,ONAY,2026-11-24 09:00:00,HS_WEB,BIREYSEL,`;
  return `+90532${String(i).padStart(7, '0')},${i % 2 ? 'ARAMA' : 'MESAJ'},ONAY,2026-11-24 09:00:00,HS_MOBIL,,`;
}

export async function writeBenchFile(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(`${HEADER}\n`);
  let buf = '';
  for (let i = 0; i < rows; i++) {
    buf += `${benchRow(i)}\n`;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((r) => out.end(() => r()));
  return statSync(path).size;
}

// ---------------------------------------------------------------------------------------------------------
// In-process adapters, counting what the AWS adapters would send.

interface Counters {
  requests: Record<string, number>;
  writeUnits: number;
}
const units = writeUnits;

export function memoryPorts(
  c: Counters,
  realSeal: ConsentPorts['sealMany'],
  realSecret: ConsentPorts['providerSecret'],
) {
  // States are kept as written (their wrapped data key is one shared buffer), by partition key then sort
  // key (no key strings built per look-up), and bounded (first in, first out, 10k partitions): the
  // benchmark file repeats a consent only within a few lines, and memory stays flat for any number of rows.
  const states = new Map<string, Map<string, StateItem>>();
  const stateOf = (k: { pk: string; sk: string }) => states.get(k.pk)?.get(k.sk);
  const keep = (s: StateItem) => {
    let byKey = states.get(s.pk);
    if (!byKey) {
      byKey = new Map();
      states.set(s.pk, byKey);
      // Evict in blocks: deleting one front entry per insert makes a Map scan its growing run of deleted
      // slots on every eviction (quadratic); one pass per 1,000 keeps eviction constant per row.
      if (states.size > 11_000) {
        let n = 0;
        for (const k of states.keys()) {
          if (n++ >= 1_000) break;
          states.delete(k);
        }
      }
    }
    byKey.set(s.sk, s);
  };
  const count = (op: string, n = 1) => {
    c.requests[op] = (c.requests[op] ?? 0) + n;
  };
  const provider = {
    iysCode: 700001,
    title: 'bench',
    dataKeyId: 'alias/iys/sp/700001',
    signingKeyId: 'alias/iys/sp/700001/signing',
    blindIndexKey: new Uint8Array(32),
    createdAt: '',
  };
  const registrySecret = Buffer.alloc(32, 7);
  const ports: ConsentPorts = {
    provider: async () => provider,
    providerSecret: realSecret,
    registrySecret: async () => registrySecret,
    sealMany: realSeal,
    getStates: async (keys) => {
      count('DynamoDB.BatchGetItem', Math.ceil(keys.length / 100));
      return keys.map(stateOf).filter((s): s is StateItem => Boolean(s));
    },
    putStates: async (writes) => {
      count('DynamoDB.PutItem', writes.length);
      return writes.map(({ item, expectedSeq }) => {
        c.writeUnits += units(item as unknown as Record<string, unknown>);
        if (stateOf(item)?.seq !== expectedSeq) return 'conflict';
        keep(item);
        return 'ok';
      });
    },
    indexRecipients: async (s) => {
      count('DynamoDB.UpdateItem', s.length);
      c.writeUnits += s.length;
    },
    // The bench provider has no consent limit and its rows name no retailers: these rules cost nothing here.
    addressUsage: async () => ({ held: [], used: 0 }),
    checkRetailers: async () => {},
    tiesChanged: async () => {},
    now: () => NOW,
    layout: consentStore,
    metrics: { consentsRecorded: () => {}, consentsRefused: () => {}, writeConflicts: () => {} },
  };
  return ports;
}

export function memoryBulk(c: Counters, upload: UploadItem) {
  const u: UploadItem = { ...upload };
  const counted = new Set<number>();
  const parts = new Map<number, string>();
  const count = (op: string) => {
    c.requests[op] = (c.requests[op] ?? 0) + 1;
  };
  let report = '';
  const uploads: BulkDeps['uploads'] & SplitDeps['uploads'] = {
    get: async () => {
      count('DynamoDB.GetItem');
      return { ...u };
    },
    chunkCounted: async (_id, index) => {
      count('DynamoDB.GetItem');
      return counted.has(index);
    },
    countChunk: async (_id, index, k) => {
      count('DynamoDB.TransactWriteItems');
      c.writeUnits += 2 * 2;
      if (counted.has(index)) return false;
      counted.add(index);
      u.done = (u.done ?? 0) + k.rows;
      u.success = (u.success ?? 0) + k.success;
      u.failure = (u.failure ?? 0) + k.failure;
      u.chunksDone = (u.chunksDone ?? 0) + 1;
      for (const [code, n] of Object.entries(k.byCode)) u[`e_${code}`] = (u[`e_${code}`] ?? 0) + n;
      return true;
    },
    markDead: async () => true,
    finish: async (_id, status, extra) => {
      count('DynamoDB.UpdateItem');
      c.writeUnits += 1;
      u.status = status;
      if (extra.reportKey) u.reportKey = extra.reportKey;
      return true;
    },
    claimSplit: async (_id, _now, _lease, partitions) => {
      count('DynamoDB.UpdateItem');
      c.writeUnits += 1;
      u.partitions = partitions;
      u.status = 'RECEIVED';
      return true;
    },
    setSeen: async (_id, seen) => {
      count('DynamoDB.UpdateItem');
      c.writeUnits += 1;
      u.seen = seen;
      u.status = 'PROCESSING';
      return true;
    },
    finishSplit: async (_id, chunks, seen) => {
      count('DynamoDB.UpdateItem');
      c.writeUnits += 1;
      u.chunks = chunks;
      u.seen = seen;
      u.splitDone = true;
      return true;
    },
  };
  const reports: BulkDeps['reports'] = {
    putPart: async (_id, index, text) => {
      count('S3.PutObject');
      parts.set(index, text);
    },
    listParts: async () => {
      count('S3.ListObjectsV2');
      return [...parts.entries()].map(([index, t]) => ({ index, size: Buffer.byteLength(t) }));
    },
    readPart: async (_id, index) => {
      count('S3.GetObject');
      return parts.get(index) ?? '';
    },
    putReport: async (_id, body, _size) => {
      count('S3.PutObject');
      if (typeof body === 'string') report = body;
      else for await (const s of body) report += s;
      return 'report.csv';
    },
  };
  const progress: BulkDeps['progress'] = {
    readRounds: async () => new Map(),
    writeRound: async () => {
      count('DynamoDB.PutItem');
      c.writeUnits += 1;
    },
  };
  return { uploads, reports, progress, state: () => u, report: () => report };
}

const per1000 = (n: number, rows: number) => Math.round((n / rows) * 1000 * 100) / 100;
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

/** 1. Splitter and worker with in-process adapters. */
async function inProcess(file: string, rows: number) {
  const { mockClient } = await import('aws-sdk-client-mock');
  const { KMSClient, GenerateDataKeyCommand, DecryptCommand } = await import('@aws-sdk/client-kms');
  const { randomBytes } = await import('node:crypto');
  const { sealMany } = await import('../functions/adapters/envelope.js');
  const { providerSecret } = await import('../functions/adapters/blind-index.js');
  (await import('../functions/adapters/container.js')).newContainer();
  const kms = mockClient(KMSClient);
  let kmsCalls = 0;
  kms.on(GenerateDataKeyCommand).callsFake(() => {
    kmsCalls++;
    return Promise.resolve({ Plaintext: randomBytes(32), CiphertextBlob: randomBytes(184) });
  });
  kms.on(DecryptCommand).callsFake(() => {
    kmsCalls++;
    return Promise.resolve({ Plaintext: randomBytes(32) });
  });

  const c: Counters = { requests: {}, writeUnits: 0 };
  const size = statSync(file).size;
  const upload = newUpload({ iysCode: 700001, brandCode: 700001 }, { format: 'csv', sizeBytes: size }, NOW);
  const mem = memoryBulk(c, upload);
  const ports = memoryPorts(c, sealMany, providerSecret);
  const deps: BulkDeps = { ...mem, consents: consentWriter(ports), now: () => NOW };
  let workerCpu = 0;
  // Per-chunk rates as well: the median is robust to moments when a shared machine's CPU is taken away.
  const chunkRates: number[] = [];
  let messages = 0;
  let messageBytes = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const split = await splitUpload(upload.uploadId, {
    uploads: mem.uploads,
    open: async () => createReadStream(file),
    size: async () => size,
    now: () => NOW,
    send: async (batch: ChunkMessage[]) => {
      for (const m of batch) {
        messages++;
        messageBytes += m.body.length;
        const w0 = process.cpuUsage();
        const chunk = parseChunk(m.body);
        await applyChunk(chunk, deps);
        const spent = cpuSeconds(process.cpuUsage(w0));
        workerCpu += spent;
        if (spent > 0) chunkRates.push(chunk.rows.length / spent);
      }
    },
    afterSplit: async () => undefined,
  });
  const { maybeFinalize } = await import('../functions/app/bulk.js');
  await maybeFinalize(upload.uploadId, deps);
  const totalCpu = cpuSeconds(process.cpuUsage(cpu0));
  const wall = (performance.now() - t0) / 1000;
  kms.restore();
  const u = mem.state();
  const splitterCpu = totalCpu - workerCpu;
  const dynamo = Object.entries(c.requests)
    .filter(([k]) => k.startsWith('DynamoDB'))
    .reduce((n, [, v]) => n + v, 0);
  const reportLines = mem.report().trimEnd().split('\n').length - 1;
  return {
    rows,
    split,
    status: u.status,
    success: u.success ?? 0,
    failure: u.failure ?? 0,
    successPlusFailureEqualsRows: (u.success ?? 0) + (u.failure ?? 0) === rows,
    errorsByCode: Object.fromEntries(
      Object.entries(u)
        .filter(([k]) => k.startsWith('e_'))
        .map(([k, v]) => [k.slice(2), v]),
    ),
    reportLines,
    chunks: messages,
    averageChunkMessageKB: Math.round(messageBytes / Math.max(1, messages) / 102.4) / 10,
    splitterRowsPerCpuSecond: Math.round(rows / splitterCpu),
    workerRowsPerCpuSecond: Math.round(rows / workerCpu),
    workerRowsPerCpuSecondMedianChunk: Math.round(
      chunkRates.sort((a, b) => a - b)[chunkRates.length >> 1] ?? 0,
    ),
    targetRowsPerCpuSecond: 20_000,
    cpuSeconds: { splitter: Math.round(splitterCpu * 100) / 100, worker: Math.round(workerCpu * 100) / 100 },
    wallSeconds: Math.round(wall * 10) / 10,
    kmsRequestsPer1000Rows: per1000(kmsCalls, rows),
    kmsBudgetPer1000Rows: 2,
    dynamoRequestsPer1000Rows: per1000(dynamo, rows),
    dynamoWriteUnitsPer1000Rows: per1000(c.writeUnits, rows),
    requestsByOperation: c.requests,
  };
}

/**
 * The in-process run in a child process started with the bulk worker Lambda's V8 flags (functions/specs/resources.ts:
 * its young-generation size), so the worker is measured as deployed; the splitter runs in the same process.
 */
function childInProcess(file: string, rows: number): Awaited<ReturnType<typeof inProcess>> {
  const tsx = resolve(import.meta.dirname, '../node_modules/.bin/tsx');
  const flags = queues.find((q) => q.id === 'BulkChunks')?.nodeOptions ?? '';
  const out = execFileSync(tsx, [import.meta.filename, '--in-process', file, String(rows)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${flags}`.trim() },
  });
  return { ...JSON.parse(out.trim().split('\n').pop()!), nodeOptions: flags };
}

/** Child process: the splitter alone over a file, chunks discarded; prints rows and peak RSS. */
async function splitOnly(file: string) {
  const c: Counters = { requests: {}, writeUnits: 0 };
  const size = statSync(file).size;
  const upload = newUpload({ iysCode: 700001, brandCode: 700001 }, { format: 'csv', sizeBytes: size }, NOW);
  const mem = memoryBulk(c, upload);
  let chunks = 0;
  const r = await splitUpload(upload.uploadId, {
    uploads: mem.uploads,
    open: async () => createReadStream(file),
    size: async () => size,
    now: () => NOW,
    send: async (m) => {
      chunks += m.length;
    },
  });
  return { ...r, chunks, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

function childSplit(file: string): { rows: number; maxRssMB: number } {
  const tsx = resolve(import.meta.dirname, '../node_modules/.bin/tsx');
  // A 64 MB old-space cap (as a Lambda's memory setting bounds its heap): with the default heap V8 grows
  // lazily with the bytes allocated, which says nothing about what is retained. If the splitter held rows,
  // the 1M-row run would run out of memory here.
  const out = execFileSync(tsx, [import.meta.filename, '--split-only', file], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=64`.trim() },
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

export async function run(): Promise<Record<string, unknown>> {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'iys-bench-'));
  try {
    const big = join(dir, `bench-${rows}.csv`);
    const bytes = await writeBenchFile(big, rows);
    const small = join(dir, 'bench-100000.csv');
    await writeBenchFile(small, 100_000);
    const cpu = childInProcess(big, rows);
    process.stderr.write(`bench bulk in-process: ${JSON.stringify(cpu)}\n`);
    const rss100k = childSplit(small);
    const rssBig = childSplit(big);
    return {
      file: { rows, bytes, invalidRowsPercent: 1 },
      inProcess: cpu,
      splitterPeakRss: {
        rows100k: rss100k,
        [`rows${rows}`]: rssBig,
        ratio: Math.round((rssBig.maxRssMB / rss100k.maxRssMB) * 100) / 100,
        budget: 1.3,
        heapCapMB: 64,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv[2] === '--in-process') {
    process.stdout.write(`${JSON.stringify(await inProcess(process.argv[3]!, Number(process.argv[4])))}\n`);
    process.exit(0);
  }
  if (process.argv[2] === '--split-only') {
    process.stdout.write(`${JSON.stringify(await splitOnly(process.argv[3]!))}\n`);
    process.exit(0);
  }
  const r = await run();
  process.stdout.write(`${JSON.stringify({ bulk: r }, null, 2)}\n`);
  process.exit(0);
}
