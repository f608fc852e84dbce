/**
 * What the end-to-end benchmarks share (bench/e2e.ts, bench/crash.ts, bench/load.ts): the local system in a
 * child process of its own (bench/e2e-system.ts, started as `npm start` does), the API and the `iys` CLI as a
 * client uses them, the bulk file's expected outcome, and the checks of the report and the change feed.
 * Every child process started here is killed when this process exits. Not a benchmark module (no `run`
 * export): bench/run.ts skips it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse/sync';
import { localSystemNodeFlags } from '../bin/local/system.js';
import type { Counts } from './aws-counter.js';
import { benchRow } from './bulk.js';

/** As bench/bulk.ts's NOW (a Wednesday): the file's consentDate (2026-11-24 09:00) is within three business days. */
export const NOW = '2026-11-25T10:00:00+03:00';
export const IYS = 700001;
export const BRAND = 700001;
export const USER = { username: 'ornek-api', password: 'change-me-1' };
export const PULL_LAG_SECONDS = 5;
export const repo = resolve(import.meta.dirname, '..');

/** The generator's rule (bench/bulk.ts benchRow): row i is invalid when i % 100 === 37. */
export const invalidRow = (i: number) => i % 100 === 37;
/** A row's line in the file (the header is line 1), as the report numbers it. */
export const lineOf = (i: number) => i + 2;

export const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------
// Child processes: every one started here is killed when this process exits, whatever the path out.

export const live = new Set<number>();
export function killAll(): void {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  live.clear();
}

export function track(p: ChildProcess, ...more: number[]): void {
  if (p.pid) live.add(p.pid);
  for (const pid of more) live.add(pid);
  p.once('exit', () => {
    if (p.pid) live.delete(p.pid);
  });
}

/** Peak resident set (VmHWM) of a process in MB, or undefined once it is gone. */
export function peakRssMB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

export class RssSampler {
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
export const sdkNodeWarning =
  /NodeVersionSupportWarning|versions published after|will require node|running node v|receiving updates|security updates please|a\.co\/|--trace-warnings/;

export type Line = Record<string, unknown> & { e2e?: string };

/** The system (bench/e2e-system.ts) in a child process, spoken to over its stdin and stdout. */
export class SystemChild {
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

  /**
   * `dynamo`: DynamoDB Local or moto's DynamoDB (ignored when `env` names the emulators' endpoints:
   * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_DYNAMODB, then the system starts none and uses those);
   * `now`: the system clock's start (ISO), or `real` for the machine's clock; `port`: where it listens
   * (default: a free port); `env`: more variables.
   */
  constructor(
    dynamo: 'local' | 'moto',
    opts: { now?: string; port?: number; env?: Record<string, string> } = {},
  ) {
    this.proc = spawn(
      process.execPath,
      [
        ...localSystemNodeFlags,
        // BENCH_E2E_CPU_PROFILE_DIR: a V8 CPU profile of the system process, written there when it stops.
        ...(process.env.BENCH_E2E_CPU_PROFILE_DIR
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_E2E_CPU_PROFILE_DIR}`]
          : []),
        '--import',
        'tsx',
        join(import.meta.dirname, 'e2e-system.ts'),
        '--dynamo',
        dynamo,
        '--now',
        opts.now ?? NOW,
        ...(opts.port ? ['--port', String(opts.port)] : []),
      ],
      {
        cwd: repo,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: {
          ...process.env,
          IYS_PULL_LAG_SECONDS: String(PULL_LAG_SECONDS),
          IYS_LOG_LEVEL: process.env.BENCH_E2E_LOG_LEVEL ?? 'ERROR',
          ...opts.env,
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

  /** The system process's memory in MB (bench/e2e-system.ts `memory`); `gc`: after a full collection. */
  async memory(gc = false): Promise<Record<string, unknown>> {
    this.proc.stdin!.write(gc ? 'memory gc\n' : 'memory\n');
    return (await this.next('memory', 60_000)).memory as Record<string, unknown>;
  }

  /** A heap snapshot of the system process, when BENCH_E2E_HEAPSNAPSHOT_DIR names where (else null). */
  async snapshot(): Promise<string | null> {
    this.proc.stdin!.write('snapshot\n');
    return (await this.next('snapshot', 600_000)).file as string | null;
  }

  async reset(): Promise<void> {
    this.proc.stdin!.write('reset\n');
    await this.next('reset', 60_000);
  }

  /** SIGKILL, nothing else (bench/crash.ts): resolves once the process is gone. */
  async kill(): Promise<void> {
    this.stopping = true;
    if (this.exited) return;
    const done = new Promise<void>((r) => this.onExit.push(() => r()));
    this.proc.kill('SIGKILL');
    await done;
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

export class Api {
  private token = '';
  constructor(readonly url: string) {}

  /** The access token of the last login. */
  get accessToken(): string {
    return this.token;
  }

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

  async post(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
    for (let attempt = 0; ; attempt++) {
      const r = await fetch(`${this.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      });
      const text = await r.text();
      if (r.status === 401 && attempt === 0) {
        await this.login();
        continue;
      }
      if (r.status >= 400) throw new Error(`POST ${path}: HTTP ${r.status} ${text.slice(0, 500)}`);
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

export interface CliRun {
  pid: number;
  done: Promise<{ status: number | null; stdout: string; stderrTail: string }>;
  /** When the CLI last printed a line different from the one before (its progress bars). */
  lastProgress: number;
  lastLine: string;
  uploadId?: string;
  kill(): void;
}

export function cli(args: string[], env: NodeJS.ProcessEnv): CliRun {
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

export interface Expected {
  rows: number;
  good: Map<string, string>; // recipient → type
  invalidLines: Set<number>;
}

export function expected(rows: number): Expected {
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

export function reportCheck(path: string, exp: Expected) {
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
export class FeedTally {
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
export async function readFeed(
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

export function perRow(
  requests: Record<string, number>,
  prefix: RegExp,
  rows: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(requests).sort())
    if (prefix.test(k)) out[k.replace(/^DynamoDB\./, '')] = round(v / rows, 4);
  return out;
}

export function diffCounts(a: Counts, b: Counts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(b.requests)) {
    const d = v - (a.requests[k] ?? 0);
    if (d) out[k] = d;
  }
  return out;
}
