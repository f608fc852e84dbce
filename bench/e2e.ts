/**
 * End-to-end bulk benchmark (issue 11 part 5): a deterministic CSV (bench/bulk.ts's generator, 1 % invalid
 * rows) uploaded with the `iys` CLI to the local system, started as `npm start` does but in a child process
 * of its own (bench/e2e-system.ts), and followed to the end. For each run it prints:
 *   - rows, wall seconds (upload start → final status) and rows/s;
 *   - exactness: success + failure = rows; the report holds exactly the invalid rows (their line numbers);
 *     the change feed (HS group, paged with its cursor as an integrator follows it) holds every good row
 *     once (no repeats, none missing, nothing else); the brand statistics count the good rows;
 *   - the time from the final status until the feed has caught up (IYS_PULL_LAG_SECONDS=5 in the system);
 *   - peak RSS (VmHWM, sampled every second) of the system's node process, moto, DynamoDB Local and the CLI;
 *   - DynamoDB requests per row by operation, DynamoDB write units per row (bench/aws-counter.ts: from item
 *     sizes), KMS requests per 1,000 rows, counted in the system process from upload start until drained.
 * First a comparison, BENCH_E2E_COMPARE_ROWS rows (default 20,000; 0 skips) against moto's DynamoDB and
 * against DynamoDB Local, with the ratio of their rows/s; then the main run, BENCH_E2E_ROWS rows (default
 * 1,000,000; 0 skips) against DynamoDB Local. Each run has its own system child (fresh emulators).
 *
 * Bounded: a stage that makes no progress for BENCH_E2E_STALL_SECONDS (default 300) fails the run with a
 * message saying where it stopped; every child process is killed when a run ends, fails, or this process exits.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Counts } from './aws-counter.js';
import { writeBenchFile } from './bulk.js';
import {
  Api,
  BRAND,
  type CliRun,
  cli,
  diffCounts,
  expected,
  FeedTally,
  IYS,
  killAll,
  PULL_LAG_SECONDS,
  perRow,
  RssSampler,
  readFeed,
  reportCheck,
  round,
  SystemChild,
  sleep,
  USER,
} from './system-child.js';

process.env.IYS_LOG_LEVEL ??= 'SILENT';
process.env.IYS_SCRYPT_N ??= '1024';

const stallMs = () => Number(process.env.BENCH_E2E_STALL_SECONDS ?? 300) * 1000;

// The local system, the API and CLI clients, and the checks: bench/system-child.ts.

/** The memory figures worth a line of the timeline (MB). */
const pick = (m: Record<string, unknown>) => ({
  rss: m.rss,
  heapUsed: m.heapUsed,
  heapTotal: m.heapTotal,
  external: m.external,
  arrayBuffers: m.arrayBuffers,
});

/** One run: a fresh system child, the file uploaded with the CLI, followed to the end and checked. */
async function e2eRun(dir: string, rows: number, dynamo: 'local' | 'moto') {
  const label = `e2e ${rows} rows, DynamoDB on ${dynamo === 'moto' ? 'moto' : 'DynamoDB Local'}`;
  const log = (s: string) => process.stderr.write(`bench ${label}: ${s}\n`);
  const file = join(dir, `e2e-${rows}.csv`);
  if (!existsSync(file)) await writeBenchFile(file, rows);
  const exp = expected(rows);
  const report = join(dir, `e2e-${rows}-${dynamo}.rapor.csv`);
  rmSync(report, { force: true });

  const sys = new SystemChild(dynamo);
  const rss = new RssSampler();
  const sampler = setInterval(() => rss.sample(), 1000);
  let upload: CliRun | undefined;
  let runOver = false;
  try {
    await sys.start();
    const crash = sys.crashed();
    crash.catch(() => undefined);
    const { url, emulators } = sys.ready;
    rss.watch('systemNode', sys.pid);
    rss.watch('moto', emulators.moto);
    rss.watch('dynamodbLocalJava', emulators.dynamodbLocal);
    log(
      `system ready on ${url} in ${sys.ready.startSeconds} s (pids ${JSON.stringify({ system: sys.pid, ...emulators })})`,
    );

    // What the brand holds before the upload (the seed makes no consents, but do not assume it).
    const api = new Api(url);
    await api.login();
    const statsBefore = await api.brandStats();
    const before = new FeedTally(exp);
    const cursorBefore = await readFeed(api, undefined, before, () => undefined);

    const env = { ...process.env, IYS_SESSION_FILE: join(dir, `session-${dynamo}-${rows}.json`) };
    const login = await Promise.race([
      cli(['login', '--url', url, '--user', USER.username, '--password', USER.password], env).done,
      crash,
    ]);
    if (login.status !== 0) throw new Error(`CLI login failed: ${login.stderrTail}`);

    const heapSnapshotBefore = await sys.snapshot();
    const memoryBefore = await sys.memory(true);
    await sys.reset();
    const t0 = performance.now();
    upload = cli(
      [
        'upload',
        file,
        '--iys',
        String(IYS),
        '--brand',
        String(BRAND),
        '--report',
        report,
        '--interval',
        '1000',
      ],
      env,
    );
    rss.watch('cli', upload.pid);
    const cliRun = upload;
    const stalled = new Promise<never>((_, rej) => {
      const t = setInterval(() => {
        if (Date.now() - cliRun.lastProgress > stallMs()) {
          clearInterval(t);
          cliRun.kill();
          rej(
            new Error(
              `${label}: the upload made no progress for ${stallMs() / 1000} s (last CLI line: ${cliRun.lastLine || '(none)'})`,
            ),
          );
        }
      }, 1000);
      void cliRun.done.then(() => clearInterval(t));
    });
    // The system process's memory every 30 s (BENCH_E2E_MEMORY_GC=1: after a full collection each time,
    // i.e. what is live), to tell data kept per row from garbage V8 has not collected yet.
    const memoryTimeline: Record<string, unknown>[] = [];
    const gcEachSample = process.env.BENCH_E2E_MEMORY_GC === '1';
    const memorySampler = setInterval(() => {
      const t = round((performance.now() - t0) / 1000, 0);
      sys.memory(gcEachSample).then(
        (m) => memoryTimeline.push({ t, line: cliRun.lastLine.trim().slice(0, 80), ...pick(m) }),
        () => undefined,
      );
    }, 30_000);
    let lastLogged = 0;
    const progressLog = setInterval(() => {
      if (Date.now() - lastLogged > 30_000) {
        lastLogged = Date.now();
        log(cliRun.lastLine.trim());
      }
    }, 5000);
    const done = await Promise.race([cliRun.done, stalled, crash]).finally(() => {
      clearInterval(progressLog);
      clearInterval(memorySampler);
    });
    const wall = (performance.now() - t0) / 1000;
    rss.sample();
    const finishedAt = performance.now();
    log(`upload finished in ${round(wall, 1)} s, CLI exit ${done.status}`);

    // The final state, as the API gives it.
    await api.login(); // a fresh token for the reads that follow
    const state = cliRun.uploadId
      ? ((await api.get(`/sps/${IYS}/brands/${BRAND}/consents/uploads/${cliRun.uploadId}`)).body as {
          status: string;
          rows: { seen?: number; success?: number; failure?: number };
          errorsByCode?: Record<string, number>;
        })
      : undefined;
    const success = state?.rows.success ?? 0;
    const failure = state?.rows.failure ?? 0;

    // Streams and queues drained (POST /local/drain, again until it answers 200: its queue wait gives up
    // after 120 s) while the feed is followed as a client would.
    let drainedAt: number | undefined;
    const drainErrors: string[] = [];
    let drainRequests = 0;
    const drain = (async () => {
      while (!runOver) {
        drainRequests++;
        try {
          const r = await api.postLong('/local/drain');
          if (r.status === 200) {
            drainedAt = performance.now();
            return;
          }
          drainErrors.push(`HTTP ${r.status} ${r.text.slice(0, 300)}`);
        } catch (e) {
          drainErrors.push((e as Error).message);
        }
        await sleep(1000);
      }
    })();
    let countsDrained: Counts | undefined;
    const countersAfterDrain = drain.then(async () => {
      countsDrained = await sys.counters();
    });

    const feed = new FeedTally(exp);
    let cursor = cursorBefore;
    let lastFeedProgress = Date.now();
    let caughtUpSeconds: number | undefined;
    let feedStopped: string | undefined;
    let feedLogged = Date.now();
    const feedLoop = async () => {
      for (;;) {
        cursor = await readFeed(api, cursor, feed, () => {
          lastFeedProgress = Date.now();
        });
        if (Date.now() - feedLogged > 30_000) {
          feedLogged = Date.now();
          log(
            `feed: ${feed.covered} of ${exp.good.size} good rows, ${round((performance.now() - finishedAt) / 1000, 0)} s after the final status${drainedAt === undefined ? '' : ', drained'}`,
          );
        }
        if (caughtUpSeconds === undefined && feed.covered >= exp.good.size) {
          caughtUpSeconds = (performance.now() - finishedAt) / 1000;
          log(`feed caught up ${round(caughtUpSeconds, 1)} s after the final status`);
          // One more look after the lag: a movement delivered twice would show here.
          await Promise.race([drain, sleep(stallMs())]);
          if (drainedAt === undefined)
            throw new Error(
              `${label}: the system did not drain within ${stallMs() / 1000} s of the feed catching up`,
            );
          await sleep((PULL_LAG_SECONDS + 3) * 1000);
          cursor = await readFeed(api, cursor, feed, () => undefined);
          return;
        }
        // Everything was written (drained), the lag has passed and the watermark (every second locally,
        // with a 5 s margin) has moved on, but the feed is still short: its cursor passed movements.
        const settle = PULL_LAG_SECONDS + 25;
        if (drainedAt !== undefined && performance.now() - drainedAt > settle * 1000) {
          feedStopped = `the feed stopped ${exp.good.size - feed.covered} good rows short, ${settle} s after the system drained`;
          return;
        }
        if (Date.now() - lastFeedProgress > stallMs())
          throw new Error(`${label}: the change feed made no progress for ${stallMs() / 1000} s`);
        await sleep(1000);
      }
    };
    await Promise.race([feedLoop(), crash]);
    await Promise.race([countersAfterDrain, crash]);
    const countsAfterFeed = await sys.counters();
    rss.sample();
    // Drained: what the system holds now, before and after a full collection (live data), and a heap
    // snapshot of it when BENCH_E2E_HEAPSNAPSHOT_DIR says where.
    const memoryAfterDrain = pick(await sys.memory(false));
    const memoryAfterDrainGc = await sys.memory(true);
    const heapSnapshot = await sys.snapshot();

    // When the feed followed by its cursor came up short: the whole feed read again from the start
    // (was the movement missing, or did the cursor pass it?).
    let fullReread: ReturnType<FeedTally['summary']> | undefined;
    if (feedStopped || !feed.summary().exact) {
      const again = new FeedTally(exp);
      await readFeed(api, undefined, again, () => undefined);
      fullReread = again.summary();
    }

    const statsAfter = await api.brandStats();
    const stats = {
      approval: statsAfter.approval - statsBefore.approval,
      rejection: statsAfter.rejection - statsBefore.rejection,
      total: statsAfter.total - statsBefore.total,
    };
    const counts = countsDrained!;
    const dynamoRequests = Object.entries(counts.requests)
      .filter(([k]) => k.startsWith('DynamoDB.'))
      .reduce((n, [, v]) => n + v, 0);
    const kms = Object.entries(counts.requests).filter(([k]) => k.startsWith('KMS.'));
    const good = exp.good.size;
    const feedSummary = feed.summary();
    const reportSummary = reportCheck(report, exp);
    const checks = {
      successPlusFailureEqualsRows: success + failure === rows,
      successEqualsGoodRows: success === good,
      reportHasExactlyTheInvalidRows: reportSummary.exact,
      feedHasEveryGoodRowOnce: feedSummary.exact,
      brandStatsMatchGoodRows: stats.approval === good && stats.rejection === 0 && stats.total === good,
    };
    return {
      rows,
      dynamodb: dynamo === 'moto' ? 'moto' : 'DynamoDB Local',
      allExact: Object.values(checks).every(Boolean),
      checks,
      counts: {
        success,
        failure,
        goodRows: good,
        invalidRows: exp.invalidLines.size,
        status: state?.status,
        errorsByCode: state?.errorsByCode,
      },
      cli: { exitCode: done.status, summary: done.stdout.trim().split('\n') },
      wallSeconds: round(wall, 1),
      rowsPerSecond: Math.round(rows / wall),
      feedCaughtUpSecondsAfterFinalStatus: caughtUpSeconds === undefined ? null : round(caughtUpSeconds, 1),
      ...(feedStopped ? { feedStopped } : {}),
      pullLagSeconds: PULL_LAG_SECONDS,
      report: reportSummary,
      feed: {
        ...feedSummary,
        movementsBeforeUpload: before.items,
        ...(fullReread ? { fullRereadFromStart: fullReread } : {}),
      },
      brandStats: { before: statsBefore, after: statsAfter, delta: stats },
      peakRssMB: rss.peaks,
      systemMemoryMB: {
        beforeUploadFullGc: memoryBefore,
        afterDrain: memoryAfterDrain,
        afterDrainFullGc: memoryAfterDrainGc,
        timeline: memoryTimeline,
        ...(gcEachSample ? { timelineAfterFullGc: true } : {}),
        ...(heapSnapshot ? { heapSnapshots: [heapSnapshotBefore, heapSnapshot] } : {}),
      },
      dynamoRequestsPerRow: round(dynamoRequests / rows, 4),
      dynamoRequestsPerRowByOperation: perRow(counts.requests, /^DynamoDB\./, rows),
      dynamoStreamsRequestsPerRow: perRow(counts.requests, /^DynamoDBStreams\./, rows),
      dynamoWriteUnitsPerRow: round(counts.writeUnits / rows, 4),
      dynamoWriteUnitsPerRowByTable: Object.fromEntries(
        Object.entries(counts.writeUnitsByTable)
          .sort()
          .map(([t, v]) => [t, round(v / rows, 4)]),
      ),
      kmsRequestsPer1000Rows: round((kms.reduce((n, [, v]) => n + v, 0) * 1000) / rows, 2),
      kmsRequestsByOperation: Object.fromEntries(kms),
      otherRequestsPer1000Rows: Object.fromEntries(
        Object.entries(counts.requests)
          .filter(([k]) => !k.startsWith('DynamoDB') && !k.startsWith('KMS.'))
          .sort()
          .map(([k, v]) => [k, round((v * 1000) / rows, 2)]),
      ),
      countedFrom: 'upload start until the system drained (POST /local/drain), in the system process',
      feedReadRequests: diffCounts(counts, countsAfterFeed),
      drainRequests,
      ...(drainErrors.length ? { drainErrors: drainErrors.slice(0, 5) } : {}),
      systemStartSeconds: sys.ready.startSeconds,
      systemLog: {
        lines: sys.logCount,
        ...(sys.logLines.length ? { first: sys.logLines.slice(0, 5) } : {}),
        stderrLines: sys.stderrLines,
        ...(sys.stderrTail ? { stderrTail: sys.stderrTail.slice(-1500) } : {}),
      },
    };
  } catch (e) {
    // A request that failed because the system died says only "fetch failed": say what the system said.
    await sleep(500);
    const tail = sys.stderrTail.trim();
    throw tail ? new Error(`${(e as Error).message}; the system's stderr ends: ${tail.slice(-1500)}`) : e;
  } finally {
    runOver = true;
    clearInterval(sampler);
    upload?.kill();
    await sys.stop();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const compareRows = Number(process.env.BENCH_E2E_COMPARE_ROWS ?? 20_000);
  const rows = Number(process.env.BENCH_E2E_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'iys-bench-e2e-'));
  const onSignal = (sig: NodeJS.Signals) => {
    killAll();
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`bench e2e: ${sig}, children killed\n`);
    process.exit(1);
  };
  process.on('exit', killAll);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const result: Record<string, unknown> = {};
  const failures: string[] = [];
  const attempt = async (key: string, n: number, dynamo: 'local' | 'moto') => {
    try {
      const r = await e2eRun(dir, n, dynamo);
      process.stderr.write(`bench e2e: ${key} ${JSON.stringify(r)}\n`);
      return r;
    } catch (e) {
      const message = (e as Error).message;
      process.stderr.write(`bench e2e: ${key} FAILED: ${message}\n`);
      failures.push(`${key}: ${message}`);
      return { rows: n, failed: message };
    }
  };
  try {
    if (compareRows > 0) {
      const moto = await attempt('compare.moto', compareRows, 'moto');
      const local = await attempt('compare.dynamodbLocal', compareRows, 'local');
      const rate = (r: { rowsPerSecond?: number }) => r.rowsPerSecond;
      const m = rate(moto as never);
      const l = rate(local as never);
      result.comparison = {
        rows: compareRows,
        moto,
        dynamodbLocal: local,
        rowsPerSecondRatioDynamodbLocalOverMoto: m && l ? round(l / m, 2) : null,
      };
    } else result.comparison = { skipped: 'BENCH_E2E_COMPARE_ROWS=0' };
    result.main = rows > 0 ? await attempt('main', rows, 'local') : { skipped: 'BENCH_E2E_ROWS=0' };
  } finally {
    process.removeListener('exit', killAll);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    killAll();
    rmSync(dir, { recursive: true, force: true });
  }
  // A run that failed (no progress, a crash) fails the module, with every result so far in the message.
  if (failures.length)
    throw new Error(`bench e2e failed:\n${failures.join('\n')}\nresults: ${JSON.stringify(result)}`);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  process.stdout.write(`${JSON.stringify({ e2e: r }, null, 2)}\n`);
  process.exit(0);
}
