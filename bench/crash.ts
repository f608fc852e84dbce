/**
 * Crash benchmark (issue 13 part 6): `npm run bench -- crash [--rows 100000] [--kill-at 0.3]`
 * (or BENCH_CRASH_ROWS, BENCH_CRASH_KILL_AT). The local system, started as `npm start` does in a child
 * process (bench/e2e-system.ts), is killed with SIGKILL in the middle of a bulk file and started again over
 * the same emulator state; the upload must then finish as if nothing had happened.
 *
 *   1. moto and DynamoDB Local are started here, by the benchmark (bin/local/moto.ts, dynamodb-local.ts), not
 *      by the system: the system is given their endpoints (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, as
 *      `npm start` takes them, docs/local.md) and starts no emulator, so its SIGKILL leaves them, and
 *      everything they hold (tables, streams, queues with their in-flight messages, objects), untouched;
 *   2. the system starts (port P, clock at bench/bulk.ts's NOW) and the `iys` CLI uploads a deterministic
 *      CSV of `rows` rows (bench/bulk.ts's generator: 1 % invalid rows, H115/H121/H175/H408, known lines);
 *   3. once the upload's status shows the file split and at least `kill-at` of its rows done but not all,
 *      the system's process gets SIGKILL (whatever it is doing: a chunk half applied, a stream batch half
 *      recorded, a report part half written); the CLI, which was following, loses it and exits;
 *   4. a new system process starts on the same port over the same emulators (its clock moved on by the time
 *      that passed plus a minute, so it never runs backwards) and the benchmark follows the upload to its
 *      final status; `iys status` fetches the report. A chunk that was in flight comes back when its SQS
 *      visibility timeout (BulkChunks: 300 s, functions/specs/resources.ts) expires, as in AWS;
 *   5. checks: status COMPLETED, seen = done = rows, success = the good rows, failure = the invalid rows; the
 *      report holds exactly the invalid rows' lines; the change feed read from its start to its end holds
 *      every good row exactly once and nothing else; each good row's history holds exactly one movement,
 *      the feed's (every row, or BENCH_CRASH_HISTORY_SAMPLE of them); the brand statistics and the
 *      provider's address count (usedConsentLimit) moved by exactly the good rows.
 * Prints the figures and fails (non-zero exit) on any mismatch.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type DynamoLocal, startDynamoLocal } from '../bin/local/dynamodb-local.js';
import { freePort, type Moto, startMoto } from '../bin/local/moto.js';
import { writeBenchFile } from './bulk.js';
import { numberOption } from './options.js';
import {
  Api,
  BRAND,
  cli,
  expected,
  FeedTally,
  IYS,
  killAll,
  NOW,
  PULL_LAG_SECONDS,
  reportCheck,
  round,
  SystemChild,
  sleep,
  USER,
} from './system-child.js';

process.env.IYS_LOG_LEVEL ??= 'SILENT';
process.env.IYS_SCRYPT_N ??= '1024';

const base = `/sps/${IYS}/brands/${BRAND}`;
/** No progress for this long fails the run (a chunk in flight at the kill needs its 300 s to come back). */
const stallMs = () => Number(process.env.BENCH_CRASH_STALL_SECONDS ?? 1200) * 1000;

interface UploadState {
  status: string;
  reason?: string;
  reasonCode?: string;
  rows: { seen?: number; done?: number; success?: number; failure?: number };
  errorsByCode?: Record<string, number>;
}

type FeedItem = {
  recipient: string;
  type: string;
  status: string;
  recipientType: string;
  transactionId: string;
};

async function mapLimit<T>(items: T[], limit: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await f(items[next++]!);
    }),
  );
}

/** Whether something answers HTTP there (any status). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5000) });
    return true;
  } catch {
    return false;
  }
}

async function usedConsentLimit(api: Api): Promise<number> {
  const r = await api.get(`/sps/${IYS}/subscription`);
  return (r.body as { usedConsentLimit?: number }).usedConsentLimit ?? 0;
}

export async function run(): Promise<Record<string, unknown>> {
  const rows = Math.round(numberOption('rows', 'BENCH_CRASH_ROWS', 100_000));
  const killAt = numberOption('kill-at', 'BENCH_CRASH_KILL_AT', 0.3);
  if (killAt >= 1) throw new Error('--kill-at: a fraction of the rows below 1');
  const historySample = numberOption(
    'history-sample',
    'BENCH_CRASH_HISTORY_SAMPLE',
    Number.POSITIVE_INFINITY,
  );
  const log = (m: string) => process.stderr.write(`bench crash: ${m}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'iys-bench-crash-'));
  const file = join(dir, `crash-${rows}.csv`);
  const report = join(dir, 'crash.rapor.csv');
  const onSignal = () => {
    killAll();
    rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  };
  process.on('exit', killAll);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let moto: Moto | undefined;
  let dynamo: DynamoLocal | undefined;
  let sys: SystemChild | undefined;
  try {
    await writeBenchFile(file, rows);
    const exp = expected(rows);

    // 1. The emulators belong to this process: they outlive the system's.
    moto = await startMoto();
    dynamo = await startDynamoLocal(
      process.env.IYS_DYNAMODB_LOCAL_PATH ? { dbPath: process.env.IYS_DYNAMODB_LOCAL_PATH } : {},
    );
    const env = {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      // The checks read every good row's history: İYS's per-IP limits (100 histories an hour) are off.
      IYS_RATE_IP_PER_SECOND: '0',
      IYS_RATE_STATUS_PER_IP_HOUR: '0',
      IYS_RATE_HISTORY_PER_IP_HOUR: '0',
    };
    const port = await freePort();
    log(`emulators: moto ${moto.endpoint}, DynamoDB Local ${dynamo.endpoint}; system port ${port}`);

    // 2. The first system, and the upload.
    const firstSpawn = Date.now();
    sys = new SystemChild('local', { now: NOW, port, env });
    await sys.start();
    const first = sys;
    log(`system 1 (pid ${first.pid}) ready on ${first.ready.url} in ${first.ready.startSeconds} s`);
    if (Object.values(first.ready.emulators).some(Boolean))
      throw new Error(`the system started emulators of its own: ${JSON.stringify(first.ready.emulators)}`);
    const api = new Api(first.ready.url);
    await api.login();
    const statsBefore = await api.brandStats();
    const usedBefore = await usedConsentLimit(api);

    const cliEnv = { ...process.env, IYS_SESSION_FILE: join(dir, 'session.json') };
    const login = await cli(
      ['login', '--url', first.ready.url, '--user', USER.username, '--password', USER.password],
      cliEnv,
    ).done;
    if (login.status !== 0) throw new Error(`CLI login failed: ${login.stderrTail}`);
    const t0 = performance.now();
    const upload = cli(
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
      cliEnv,
    );

    // 3. Watch the upload's progress, and kill the system in the middle of it.
    let uploadId: string | undefined;
    let atKill: UploadState | undefined;
    let lastState: UploadState | undefined;
    let lastChange = Date.now();
    const crashed = first.crashed();
    crashed.catch(() => undefined);
    while (!atKill) {
      if (Date.now() - lastChange > stallMs())
        throw new Error(`no progress before the kill: ${JSON.stringify(lastState)}`);
      uploadId ??= upload.uploadId;
      if (uploadId) {
        const st = (await Promise.race([api.get(`${base}/consents/uploads/${uploadId}`), crashed]))
          .body as UploadState;
        if (JSON.stringify(st.rows) !== JSON.stringify(lastState?.rows)) lastChange = Date.now();
        lastState = st;
        const { seen = 0, done = 0 } = st.rows;
        if (st.status === 'COMPLETED' || st.status === 'FAILED')
          throw new Error(
            `the upload finished before the kill (${st.status}): raise --rows or lower --kill-at`,
          );
        if (seen >= rows && done >= killAt * rows && done < rows) atKill = st;
      }
      if (!atKill) await sleep(250);
    }
    const killedAfter = (performance.now() - t0) / 1000;
    await first.kill();
    const emulatorsSurvived =
      (await answers(`${moto.endpoint}/moto-api/`)) && (await answers(dynamo.endpoint));
    if (!emulatorsSurvived) throw new Error('an emulator did not survive the system’s SIGKILL');
    log(
      `SIGKILL of system 1 after ${round(killedAfter, 1)} s, upload ${uploadId} at ${JSON.stringify(atKill.rows)}`,
    );
    const cliAfterKill = await Promise.race([upload.done, sleep(30_000).then(() => undefined)]);
    if (!cliAfterKill) upload.kill();

    // 4. A second system over the same emulators, on the same port, its clock moved on.
    const now2 = new Date(Date.parse(NOW) + (Date.now() - firstSpawn) + 60_000).toISOString();
    const restartT = performance.now();
    sys = new SystemChild('local', { now: now2, port, env });
    await sys.start();
    const second = sys;
    const restartSeconds = (performance.now() - restartT) / 1000;
    log(`system 2 (pid ${second.pid}) ready in ${round(restartSeconds, 1)} s, clock ${now2}`);
    const crash2 = second.crashed();
    crash2.catch(() => undefined);
    await api.login();
    let final: UploadState | undefined;
    let lastLogged = 0;
    let doneAtRestart: number | undefined;
    lastChange = Date.now();
    while (!final) {
      const st = (await Promise.race([api.get(`${base}/consents/uploads/${uploadId}`), crash2]))
        .body as UploadState;
      doneAtRestart ??= st.rows.done ?? 0;
      if (JSON.stringify(st.rows) !== JSON.stringify(lastState?.rows)) lastChange = Date.now();
      lastState = st;
      if (st.status === 'COMPLETED' || st.status === 'FAILED') final = st;
      else {
        if (Date.now() - lastChange > stallMs())
          throw new Error(`no progress after the restart for ${stallMs() / 1000} s: ${JSON.stringify(st)}`);
        if (Date.now() - lastLogged > 30_000) {
          lastLogged = Date.now();
          log(`after the restart: ${JSON.stringify(st.rows)}`);
        }
        await sleep(1000);
      }
    }
    const wall = (performance.now() - t0) / 1000;
    log(`upload ${final.status} ${JSON.stringify(final.rows)} after ${round(wall, 1)} s`);

    // The report, as a user whose CLI lost the system fetches it: `iys status`.
    const status = await Promise.race([
      cli(['status', uploadId!, '--iys', String(IYS), '--brand', String(BRAND), '--report', report], cliEnv)
        .done,
      crash2,
    ]);

    // 5. Everything drained, then the feed from its start, the histories, the counters.
    for (let i = 0; ; i++) {
      const r = await Promise.race([api.postLong('/local/drain'), crash2]);
      if (r.status === 200) break;
      if (i >= 10) throw new Error(`drain: HTTP ${r.status} ${r.text.slice(0, 300)}`);
      await sleep(1000);
    }
    await sleep((PULL_LAG_SECONDS + 7) * 1000);
    const feed = new FeedTally(exp);
    const txnOf = new Map<string, string[]>();
    let after: string | undefined;
    for (;;) {
      const page = await api.feedPage(after);
      if (!page) break;
      feed.add(page.list);
      for (const m of page.list as FeedItem[]) {
        const list = txnOf.get(m.recipient) ?? [];
        list.push(m.transactionId);
        txnOf.set(m.recipient, list);
      }
      after = page.after;
      if (page.list.length < 1000) break;
    }
    const feedSummary = feed.summary();

    const goodRows = [...exp.good];
    const step = Number.isFinite(historySample)
      ? Math.max(1, Math.floor(goodRows.length / historySample))
      : 1;
    const toRead = goodRows.filter((_, i) => i % step === 0);
    const hist = { read: 0, exactlyOne: 0, notOne: 0, notTheFeedsMovement: 0, samples: [] as string[] };
    const ht0 = performance.now();
    await mapLimit(toRead, 16, async ([recipient, type]) => {
      const r = await fetchHistory(api, { recipient, type, recipientType: 'BIREYSEL' });
      hist.read++;
      if (r.totalCount === 1 && r.txns.length === 1) hist.exactlyOne++;
      else {
        hist.notOne++;
        if (hist.samples.length < 5) hist.samples.push(`${recipient}: ${r.totalCount} movements`);
      }
      const inFeed = txnOf.get(recipient) ?? [];
      if (r.txns.length && !(inFeed.length === 1 && inFeed[0] === r.txns[0])) {
        hist.notTheFeedsMovement++;
        if (hist.samples.length < 5)
          hist.samples.push(`${recipient}: history ${r.txns[0]}, feed ${inFeed.join(',')}`);
      }
      if (hist.read % 20_000 === 0) log(`histories read: ${hist.read} of ${toRead.length}`);
    });
    const historySeconds = (performance.now() - ht0) / 1000;

    const statsAfter = await api.brandStats();
    const usedAfter = await usedConsentLimit(api);
    const reportSummary = existsSync(report) ? reportCheck(report, exp) : { exact: false, reportFile: false };
    const good = exp.good.size;
    const bad = exp.invalidLines.size;
    const { seen = 0, done = 0, success = 0, failure = 0 } = final.rows;
    const stats = {
      approval: statsAfter.approval - statsBefore.approval,
      rejection: statsAfter.rejection - statsBefore.rejection,
      total: statsAfter.total - statsBefore.total,
    };
    const checks = {
      killedInTheMiddle: (atKill.rows.done ?? 0) > 0 && (atKill.rows.done ?? 0) < rows,
      completed: final.status === 'COMPLETED',
      exactCounts: seen === rows && done === rows && success === good && failure === bad,
      reportHasExactlyTheInvalidRows: reportSummary.exact,
      feedHasEveryGoodRowOnce: feedSummary.exact,
      everyHistoryHasOneMovementTheFeeds: hist.notOne === 0 && hist.notTheFeedsMovement === 0,
      brandStatsMovedByTheGoodRows: stats.approval === good && stats.rejection === 0 && stats.total === good,
      addressCountMovedByTheGoodRows: usedAfter - usedBefore === good,
    };
    const result = {
      rows,
      goodRows: good,
      invalidRows: bad,
      ok: Object.values(checks).every(Boolean),
      checks,
      kill: {
        afterSeconds: round(killedAfter, 1),
        killAtFraction: killAt,
        uploadAtKill: atKill.rows,
        emulatorsSurvived,
        cliExitAfterKill: cliAfterKill ? cliAfterKill.status : 'still running after 30 s (killed)',
        cliLastLine: upload.lastLine.trim().slice(0, 200),
      },
      restart: { readySeconds: round(restartSeconds, 1), clock: now2, doneWhenFirstSeen: doneAtRestart },
      final: { status: final.status, rows: final.rows, errorsByCode: final.errorsByCode },
      wallSeconds: round(wall, 1),
      rowsPerSecondIncludingTheCrash: Math.round(rows / wall),
      cliStatus: { exitCode: status.status, summary: status.stdout.trim().split('\n') },
      report: reportSummary,
      feed: feedSummary,
      history: { ...hist, sampleEvery: step, seconds: round(historySeconds, 1) },
      brandStats: { before: statsBefore, after: statsAfter, delta: stats },
      usedConsentLimit: { before: usedBefore, after: usedAfter, delta: usedAfter - usedBefore },
      systemStderr: {
        first: {
          lines: first.stderrLines,
          ...(first.stderrTail ? { tail: first.stderrTail.slice(-1500) } : {}),
        },
        second: {
          lines: second.stderrLines,
          ...(second.stderrTail ? { tail: second.stderrTail.slice(-1500) } : {}),
        },
      },
    };
    log(
      [
        `${rows} rows, SIGKILL at ${JSON.stringify(atKill.rows)} after ${round(killedAfter, 1)} s; restarted in ${round(restartSeconds, 1)} s; ${final.status} after ${round(wall, 1)} s`,
        `  counts ${JSON.stringify(final.rows)} (expected ${good} + ${bad})`,
        `  report exact ${reportSummary.exact}; feed ${feedSummary.items} items, ${feedSummary.repeatedRecipients} repeated, ${feedSummary.missing} missing, ${feedSummary.unexpected} unexpected`,
        `  histories ${hist.read}: ${hist.exactlyOne} with exactly one movement, ${hist.notOne} not, ${hist.notTheFeedsMovement} not the feed's`,
        `  brand stats +${stats.approval} ONAY / +${stats.total} total; usedConsentLimit +${usedAfter - usedBefore}`,
        `  ${
          result.ok
            ? 'OK'
            : `FAILED: ${Object.entries(checks)
                .filter(([, v]) => !v)
                .map(([k]) => k)
                .join(', ')}`
        }`,
      ].join('\n'),
    );
    if (!result.ok) throw new Error(`bench crash failed: ${JSON.stringify(result)}`);
    return result;
  } finally {
    process.removeListener('exit', killAll);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await sys?.stop();
    await Promise.all([moto?.stop(), dynamo?.stop()]);
    killAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fetchHistory(
  api: Api,
  key: { recipient: string; type: string; recipientType: string },
): Promise<{ totalCount: number; txns: string[] }> {
  const txns: string[] = [];
  let totalCount = 0;
  for (let offset = 0; ; offset += 100) {
    const r = await api.post(`${base}/consents/history?limit=100&offset=${offset}`, key);
    const page = r.body as { list: { transactionId: string }[]; pagination: { totalCount: number } };
    totalCount = page.pagination.totalCount;
    txns.push(...page.list.map((m) => m.transactionId));
    if (!page.list.length || offset + 100 >= totalCount) return { totalCount, txns };
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  process.stdout.write(`${JSON.stringify({ crash: r }, null, 2)}\n`);
  process.exit(0);
}
