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
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Counts } from './aws-counter.js';
import { benchRow, writeBenchFile } from './bulk.js';

process.env.IYS_LOG_LEVEL ??= 'SILENT';
process.env.IYS_SCRYPT_N ??= '1024';

/** As bench/bulk.ts's NOW (a Wednesday): the file's consentDate (2026-11-24 09:00) is within three business days. */
const NOW = '2026-11-25T10:00:00+03:00';
const IYS = 700001;
const BRAND = 700001;
const USER = { username: 'ornek-api', password: 'change-me-1' };
const PULL_LAG_SECONDS = 5;
const repo = resolve(import.meta.dirname, '..');
const stallMs = () => Number(process.env.BENCH_E2E_STALL_SECONDS ?? 300) * 1000;

/** The generator's rule (bench/bulk.ts benchRow): row i is invalid when i % 100 === 37. */
const invalidRow = (i: number) => i % 100 === 37;
/** A row's line in the file (the header is line 1), as the report numbers it. */
const lineOf = (i: number) => i + 2;

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------
// Child processes: every one started here is killed when this process exits, whatever the path out.

const live = new Set<number>();
function killAll(): void {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  live.clear();
}

function track(p: ChildProcess, ...more: number[]): void {
  if (p.pid) live.add(p.pid);
  for (const pid of more) live.add(pid);
  p.once('exit', () => {
    if (p.pid) live.delete(p.pid);
  });
}

/** Peak resident set (VmHWM) of a process in MB, or undefined once it is gone. */
function peakRssMB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

class RssSampler {
  readonly peaks: Record<string, number> = {};
  private readonly pids = new Map<string, number>();
  watch(name: string, pid: number | undefined): void {
    if (pid) this.pids.set(name, pid);
  }
  sample(): void {
    for (const [name, pid] of this.pids) {
      const mb = peakRssMB(pid);
      if (mb !== undefined) this.peaks[name] = Math.max(this.peaks[name] ?? 0, mb);
    }
  }
}

/** Lines of the SDK's warning about its future Node requirement (under Node 20): not the system's. */
const sdkNodeWarning =
  /NodeVersionSupportWarning|versions published after|will require node|running node v|receiving updates|security updates please|a\.co\/|--trace-warnings/;

type Line = Record<string, unknown> & { e2e?: string };

/** The system (bench/e2e-system.ts) in a child process, spoken to over its stdin and stdout. */
class SystemChild {
  ready!: {
    url: string;
    pid: number;
    emulators: { moto?: number; dynamodbLocal?: number };
    startSeconds: number;
  };
  private readonly proc: ChildProcess;
  private readonly waiting: { kind: string; resolve: (l: Line) => void }[] = [];
  private exited: string | undefined;
  private readonly onExit: ((why: string) => void)[] = [];
  /** Lines the system wrote that are not the protocol's (its logging), and its stderr. */
  readonly logLines: string[] = [];
  logCount = 0;
  stderrTail = '';
  stderrLines = 0;

  constructor(dynamo: 'local' | 'moto') {
    this.proc = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'e2e-system.ts'), '--dynamo', dynamo, '--now', NOW],
      {
        cwd: repo,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: {
          ...process.env,
          IYS_PULL_LAG_SECONDS: String(PULL_LAG_SECONDS),
          IYS_LOG_LEVEL: process.env.BENCH_E2E_LOG_LEVEL ?? 'ERROR',
        },
      },
    );
    track(this.proc);
    createInterface({ input: this.proc.stdout! }).on('line', (text) => {
      let line: Line | undefined;
      if (text.startsWith('{"e2e":'))
        try {
          line = JSON.parse(text) as Line;
        } catch {
          /* logging that looks like ours */
        }
      if (!line) {
        this.logCount++;
        if (this.logLines.length < 20) this.logLines.push(text.slice(0, 1000));
        return;
      }
      const i = this.waiting.findIndex((w) => w.kind === line.e2e);
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(line);
    });
    createInterface({ input: this.proc.stderr! }).on('line', (text) => {
      // Node's warning about the SDK's future Node requirement is not the system's.
      if (!text.trim() || sdkNodeWarning.test(text)) return;
      this.stderrLines++;
      this.stderrTail = `${this.stderrTail}${text.slice(0, 2000)}\n`.slice(-4000);
    });
    this.proc.once('exit', (code, signal) => {
      this.exited = `exit ${code ?? signal}`;
      for (const f of this.onExit) f(this.exited);
    });
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** The next protocol line of a kind, bounded; fails at once if the system exits. */
  private next(kind: string, timeoutMs: number): Promise<Line> {
    return new Promise((res, rej) => {
      if (this.exited) return rej(new Error(`system child ${this.exited}: ${this.stderrTail}`));
      const timer = setTimeout(
        () => rej(new Error(`system child: no "${kind}" within ${timeoutMs / 1000} s: ${this.stderrTail}`)),
        timeoutMs,
      );
      const gone = (why: string) => {
        clearTimeout(timer);
        rej(new Error(`system child ${why} while waiting for "${kind}": ${this.stderrTail}`));
      };
      this.onExit.push(gone);
      this.waiting.push({
        kind,
        resolve: (l) => {
          clearTimeout(timer);
          this.onExit.splice(this.onExit.indexOf(gone), 1);
          res(l);
        },
      });
    });
  }

  async start(): Promise<void> {
    this.ready = (await this.next('ready', 300_000)) as unknown as SystemChild['ready'];
    const { moto, dynamodbLocal } = this.ready.emulators;
    for (const pid of [moto, dynamodbLocal]) if (pid) live.add(pid);
  }

  /** Rejects when the system exits before `stop()`: races the stages of a run against a crash. */
  crashed(): Promise<never> {
    return new Promise((_, rej) => {
      const f = (why: string) => {
        if (!this.stopping) rej(new Error(`system child ${why} during the run: ${this.stderrTail}`));
      };
      if (this.exited) f(this.exited);
      else this.onExit.push(f);
    });
  }

  async counters(): Promise<Counts> {
    this.proc.stdin!.write('counters\n');
    return (await this.next('counters', 60_000)).counts as Counts;
  }

  async reset(): Promise<void> {
    this.proc.stdin!.write('reset\n');
    await this.next('reset', 60_000);
  }

  private stopping = false;
  /** SIGTERM (the system stops its emulators), then SIGKILL of it and its emulators after 30 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    const emulators = Object.values(this.ready?.emulators ?? {}).filter((p): p is number => Boolean(p));
    if (!this.exited) {
      const done = new Promise<void>((r) => this.onExit.push(() => r()));
      this.proc.kill('SIGTERM');
      await Promise.race([done, sleep(30_000)]);
      if (!this.exited) this.proc.kill('SIGKILL');
    }
    // Whatever the system did not stop (a SIGKILL leaves its emulators behind).
    await sleep(200);
    for (const pid of emulators) {
      try {
        process.kill(pid, 0);
        process.kill(pid, 'SIGKILL');
      } catch {
        /* stopped */
      }
      live.delete(pid);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// The API, as a client reads it.

class Api {
  private token = '';
  constructor(readonly url: string) {}

  async login(): Promise<void> {
    const r = await fetch(`${this.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', ...USER }).toString(),
      signal: AbortSignal.timeout(60_000),
    });
    const body = (await r.json()) as { access_token?: string };
    if (!r.ok || !body.access_token) throw new Error(`token: HTTP ${r.status} ${JSON.stringify(body)}`);
    this.token = body.access_token;
  }

  async get(path: string): Promise<{ status: number; body: unknown }> {
    for (let attempt = 0; ; attempt++) {
      const r = await fetch(`${this.url}${path}`, {
        headers: { authorization: `Bearer ${this.token}` },
        signal: AbortSignal.timeout(120_000),
      });
      const text = await r.text();
      if (r.status === 401 && attempt === 0) {
        await this.login();
        continue;
      }
      if (r.status >= 400) throw new Error(`GET ${path}: HTTP ${r.status} ${text.slice(0, 500)}`);
      return { status: r.status, body: text ? JSON.parse(text) : undefined };
    }
  }

  /**
   * A POST with no deadline on the answer (fetch gives up after 300 s without response headers: undici's
   * headersTimeout), for /local/drain, which answers when the system has caught up.
   */
  postLong(path: string): Promise<{ status: number; text: string }> {
    return new Promise((res, rej) => {
      const req = httpRequest(`${this.url}${path}`, { method: 'POST' }, (r) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (d) => {
          text += d;
        });
        r.on('end', () => res({ status: r.statusCode ?? 0, text }));
        r.on('error', rej);
      });
      req.on('error', rej);
      req.end();
    });
  }

  async brandStats(): Promise<{ approval: number; rejection: number; total: number }> {
    const r = await this.get(`/sps/${IYS}/brands`);
    const brand = (r.body as { brandCode: number; stats: { consents: Record<string, number> } }[]).find(
      (b) => b.brandCode === BRAND,
    );
    if (!brand) throw new Error(`brand ${BRAND} not in GET /sps/${IYS}/brands`);
    const c = brand.stats.consents;
    return { approval: c.approval ?? 0, rejection: c.rejection ?? 0, total: c.total ?? 0 };
  }

  /** One page of the change feed after a cursor, or undefined when there is nothing new (204). */
  async feedPage(
    after: string | undefined,
  ): Promise<{ after: string; list: { recipient: string; type: string; status: string }[] } | undefined> {
    const q = `source=HS&limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const r = await this.get(`/sps/${IYS}/brands/${BRAND}/consents/changes?${q}`);
    return r.status === 204 ? undefined : (r.body as never);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The CLI, in child processes (never spawnSync: the system must keep serving meanwhile).

interface CliRun {
  pid: number;
  done: Promise<{ status: number | null; stdout: string; stderrTail: string }>;
  /** When the CLI last printed a line different from the one before (its progress bars). */
  lastProgress: number;
  lastLine: string;
  uploadId?: string;
  kill(): void;
}

function cli(args: string[], env: NodeJS.ProcessEnv): CliRun {
  const p = spawn(process.execPath, [join(repo, 'bin/iys.mjs'), ...args], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(p);
  let stdout = '';
  let stderrTail = '';
  const run: CliRun = {
    pid: p.pid!,
    lastProgress: Date.now(),
    lastLine: '',
    kill: () => p.kill('SIGKILL'),
    done: new Promise((res) => {
      p.once('close', (status) => res({ status, stdout, stderrTail }));
    }),
  };
  p.stdout!.on('data', (d) => {
    stdout += d;
  });
  createInterface({ input: p.stderr! }).on('line', (line) => {
    stderrTail = `${stderrTail}${line}\n`.slice(-4000);
    const id = /^Yükleme: (\S+)/.exec(line);
    if (id) run.uploadId = id[1];
    if (line !== run.lastLine) {
      run.lastLine = line;
      run.lastProgress = Date.now();
    }
  });
  return run;
}

// ---------------------------------------------------------------------------------------------------------

interface Expected {
  rows: number;
  good: Map<string, string>; // recipient → type
  invalidLines: Set<number>;
}

function expected(rows: number): Expected {
  const good = new Map<string, string>();
  const invalidLines = new Set<number>();
  for (let i = 0; i < rows; i++) {
    if (invalidRow(i)) {
      invalidLines.add(lineOf(i));
      continue;
    }
    const [recipient, type] = benchRow(i).split(',');
    good.set(recipient!, type!);
  }
  return { rows, good, invalidLines };
}

function reportCheck(path: string, exp: Expected) {
  if (!existsSync(path)) return { reportFile: false, exact: exp.invalidLines.size === 0 };
  const records = parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true }) as {
    line: string;
    code: string;
  }[];
  const lines = new Set(records.map((r) => Number(r.line)));
  const missing = [...exp.invalidLines].filter((l) => !lines.has(l));
  const unexpected = [...lines].filter((l) => !exp.invalidLines.has(l));
  const byCode: Record<string, number> = {};
  for (const r of records) byCode[r.code] = (byCode[r.code] ?? 0) + 1;
  return {
    exact: missing.length === 0 && unexpected.length === 0,
    reportRecords: records.length,
    reportDistinctLines: lines.size,
    expectedInvalidLines: exp.invalidLines.size,
    missingLines: missing.length,
    unexpectedLines: unexpected.length,
    ...(missing.length ? { missingSample: missing.slice(0, 5) } : {}),
    ...(unexpected.length ? { unexpectedSample: unexpected.slice(0, 5) } : {}),
    byCode,
  };
}

/** What the feed delivered, checked against the good rows. */
class FeedTally {
  readonly seen = new Map<string, number>();
  items = 0;
  pages = 0;
  wrong = 0; // a good row's recipient with another type or a status other than ONAY
  wrongSample: unknown[] = [];
  unexpected = 0;
  /** Good rows seen at least once. */
  covered = 0;
  constructor(private readonly exp: Expected) {}
  add(list: { recipient: string; type: string; status: string }[]): void {
    this.pages++;
    for (const m of list) {
      this.items++;
      const type = this.exp.good.get(m.recipient);
      if (type === undefined) this.unexpected++;
      else if (type !== m.type || m.status !== 'ONAY') {
        this.wrong++;
        if (this.wrongSample.length < 3) this.wrongSample.push(m);
      }
      const n = this.seen.get(m.recipient) ?? 0;
      if (n === 0 && type !== undefined) this.covered++;
      this.seen.set(m.recipient, n + 1);
    }
  }
  summary() {
    let repeated = 0;
    let repeats = 0;
    for (const n of this.seen.values())
      if (n > 1) {
        repeated++;
        repeats += n - 1;
      }
    const covered = this.covered;
    const missing: string[] = [];
    if (covered < this.exp.good.size)
      for (const r of this.exp.good.keys()) {
        if (!this.seen.has(r)) missing.push(r);
        if (missing.length >= 5) break;
      }
    const unexpectedSample: string[] = [];
    if (this.unexpected)
      for (const r of this.seen.keys()) {
        if (!this.exp.good.has(r)) unexpectedSample.push(r);
        if (unexpectedSample.length >= 5) break;
      }
    return {
      exact:
        this.items === this.exp.good.size &&
        covered === this.exp.good.size &&
        repeated === 0 &&
        this.unexpected === 0 &&
        this.wrong === 0,
      items: this.items,
      pages: this.pages,
      goodRows: this.exp.good.size,
      distinctRecipients: this.seen.size,
      missing: this.exp.good.size - covered,
      repeatedRecipients: repeated,
      extraMovementsFromRepeats: repeats,
      unexpected: this.unexpected,
      wrongTypeOrStatus: this.wrong,
      ...(missing.length ? { missingSample: missing } : {}),
      ...(unexpectedSample.length ? { unexpectedSample } : {}),
      ...(this.wrongSample.length ? { wrongSample: this.wrongSample } : {}),
    };
  }
}

/** Reads the feed from a cursor to its current end; returns the new cursor. */
async function readFeed(
  api: Api,
  after: string | undefined,
  tally: FeedTally,
  onPage: () => void,
): Promise<string | undefined> {
  for (;;) {
    const page = await api.feedPage(after);
    if (!page) return after;
    tally.add(page.list);
    after = page.after;
    onPage();
    if (page.list.length < 1000) return after;
  }
}

function perRow(requests: Record<string, number>, prefix: RegExp, rows: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(requests).sort())
    if (prefix.test(k)) out[k.replace(/^DynamoDB\./, '')] = round(v / rows, 4);
  return out;
}

function diffCounts(a: Counts, b: Counts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(b.requests)) {
    const d = v - (a.requests[k] ?? 0);
    if (d) out[k] = d;
  }
  return out;
}

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
    let lastLogged = 0;
    const progressLog = setInterval(() => {
      if (Date.now() - lastLogged > 30_000) {
        lastLogged = Date.now();
        log(cliRun.lastLine.trim());
      }
    }, 5000);
    const done = await Promise.race([cliRun.done, stalled, crash]).finally(() => clearInterval(progressLog));
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
