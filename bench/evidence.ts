/**
 * Evidence benchmark (issue 5):
 *  1. KMS Sign requests per 100,000 movements of one provider: the leaves are appended as the stream sink
 *     does (batches of 1,000), and the sealer runs every 10,000 leaves, as a schedule every few seconds
 *     would under load; every AWS request is counted (moto, real SDK).
 *  2. Daily build of 1,000,000 movements: the job's own `writeDailyFiles` (CSV rows, three files, SHA-256 and
 *     SHA-384 as it goes) fed in file order, each row decrypted from an AES-256-GCM record like readMovement
 *     does; outputs are hashed and dropped (S3 parts excluded). Rows per second and peak RSS.
 * Run alone with `npx tsx bench/evidence.ts`, or through bench/run.ts (exports `run`).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { startSystem } from '../bin/local/system.js';
import { providerCertificate, timeStampAuthority } from '../functions/adapters/certificates.js';
import { directory } from '../functions/adapters/directory.js';
import { writeDailyFiles } from '../functions/app/daily.js';
import { leafHash } from '../functions/domain/evidence/merkle.js';
import { canonicalBytes, type Movement, transactionId } from '../functions/domain/movement.js';
import { awsConsistencyProofs, awsLogAppender, awsLogSealer } from '../functions/wiring/evidence-log.js';
import { startCounting } from './aws-counter.js';

async function logBench(movements: number, sealEvery: number, batch: number) {
  process.env.IYS_SEAL_INTERVAL_SECONDS = '0';
  process.env.IYS_LOG_LEVEL ??= 'SILENT';
  // Count from the first client on (instrumenting clients already made would also hit the document
  // client, which shares the DynamoDB client's middleware stack).
  const counter = startCounting();
  const sys = await startSystem({
    port: 0,
    now: '2026-11-25T10:00:00+03:00',
    stage: 'bench-evidence',
    quiet: true,
  });
  try {
    const appender = awsLogAppender();
    const sealer = awsLogSealer();
    // Certificates are made once per registry/provider, outside the measurement.
    const provider = await directory.provider(700001);
    await Promise.all([providerCertificate(provider!), timeStampAuthority()]);
    counter.reset();
    const started = Date.now();
    let checkpoints = 0;
    for (let i = 0; i < movements; i += batch) {
      const leaves = Array.from({ length: Math.min(batch, movements - i) }, (_, k) => {
        const n = i + k;
        // Ids as the registry makes them: creation second (here 550 movements a second), then a digest.
        const txn = transactionId(1_764_000_000 + Math.floor(n / 550), n.toString(16).padStart(56, '0'));
        return { txn, hash: leafHash(Buffer.from(`movement ${n}`)), group: 'HS' as const };
      });
      await appender.appendLeaves(700001, leaves);
      if ((i + batch) % sealEvery === 0 || i + batch >= movements)
        checkpoints += (await sealer.seal([700001])).filter((r) => r.sealed).length;
    }
    const ms = Date.now() - started;
    const req = { ...counter.counts.requests };
    const proofStart = Date.now();
    const proof = await awsConsistencyProofs().consistency(700001, Math.floor(movements / 3), movements);
    const proofMs = Date.now() - proofStart;
    const signs = req['KMS.Sign'] ?? 0;
    return {
      movements,
      checkpoints,
      kmsSignRequests: signs,
      kmsSignPer100kMovements: Math.round((signs * 100_000) / movements),
      kmsSignPerCheckpoint: checkpoints ? signs / checkpoints : 0,
      dynamoRequestsPer1000Movements: Math.round(
        (Object.entries(req)
          .filter(([k]) => k.startsWith('DynamoDB.'))
          .reduce((n, [, v]) => n + v, 0) *
          1000) /
          movements,
      ),
      writeUnitsPerMovement: Number((counter.counts.writeUnits / movements).toFixed(2)),
      requests: req,
      appendAndSealMs: ms,
      consistencyProofMs: proofMs,
      consistencyProofHashes: (proof?.proof as unknown[] | undefined)?.length,
    };
  } finally {
    await sys.stop();
  }
}

async function* syntheticDay(rows: number): AsyncGenerator<Movement> {
  const key = randomBytes(32);
  const start = Date.UTC(2026, 10, 24, 21) / 1000;
  for (let i = 0; i < rows; i++) {
    const s = start + Math.floor((i * 86400) / rows);
    const d = new Date((s + 3 * 3600) * 1000).toISOString();
    const m: Movement = {
      iysCode: 700001,
      brandCode: 700001,
      recipient: i % 2 ? `+90532${String(i).padStart(7, '0')}` : `kisi${i}@example.com`,
      recipientType: i % 10 ? 'BIREYSEL' : 'TACIR',
      type: i % 2 ? 'MESAJ' : 'EPOSTA',
      status: i % 7 ? 'ONAY' : 'RET',
      source: 'HS_WEB',
      consentDate: '2026-11-24 09:00:00',
      creationDate: `${d.slice(0, 10)} ${d.slice(11, 19)}`,
      transactionId: i.toString(16).padStart(64, '0'),
    };
    // Stored encrypted; readMovement decrypts and parses: do the same work per row.
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const ct = Buffer.concat([c.update(canonicalBytes(m)), c.final()]);
    const dc = createDecipheriv('aes-256-gcm', key, iv);
    dc.setAuthTag(c.getAuthTag());
    yield JSON.parse(Buffer.concat([dc.update(ct), dc.final()]).toString('utf8')) as Movement;
  }
}

async function dailyBench(rows: number) {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = process.hrtime.bigint();
  const r = await writeDailyFiles(syntheticDay(rows), () => ({
    write: async () => {},
    close: async () => {},
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    rows,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(rows / seconds),
    dayFileMB: Number((r.files.changes.bytes / 1024 / 1024).toFixed(1)),
    peakRssMB: Math.round(peak / 1024 / 1024),
    rssBeforeMB: Math.round(rssBefore / 1024 / 1024),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const movements = Number(process.env.BENCH_EVIDENCE_MOVEMENTS ?? 100_000);
  const dailyRows = Number(process.env.BENCH_DAILY_ROWS ?? 1_000_000);
  return {
    log: await logBench(movements, 10_000, 1_000),
    daily: await dailyBench(dailyRows),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    (r) => {
      // exit only once the pipe has taken the report
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`, () => process.exit(0));
    },
    (e) => {
      process.stderr.write(`bench/evidence: ${(e as Error).stack}\n`);
      process.exit(1);
    },
  );
}
