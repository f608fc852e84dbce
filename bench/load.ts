/**
 * Load benchmark (issue 13 part 6): `npm run bench -- load [--clients 200] [--seconds 60]`
 * (or BENCH_LOAD_CLIENTS, BENCH_LOAD_SECONDS). That many concurrent clients, each a loop of its own over one
 * keep-alive connection (node:http Agent, one socket per client), add and query consents for that long
 * against the local system, started as `npm start` does in a child process of its own (bench/e2e-system.ts,
 * fresh emulators, the machine's clock). Each client, one request after the other:
 *   35 % add a new consent (ONAY; a phone for MESAJ/ARAMA or an e-mail, never used before),
 *   15 % change one of its own consents (ONAY ↔ RET),
 *    5 % add to one of 10 consents every client writes (contention: 409 X010, H174, H178 are expected),
 *   25 % consentDetail of one of its own (or, 1 in 10, a contended) consent,
 *   20 % consentsHistory of one of its own consents.
 * Its own consents are written by it alone, one request after the other, so consentDetail must answer the
 * last transactionId it was answered and consentsHistory must list it first (read your writes: counted).
 *
 * Afterwards, with the system drained: the change feed (HS group) read from its start to its end, and the
 * history (every page) and consentDetail of every consent written; bench/movement-check.ts compares them
 * with every 200 answer. It prints requests/s per operation, p50/p99 latency, the count of each status,
 * CPU used by each process, and the verification counts, and fails (non-zero exit) on any 5xx, any request
 * without an answer, or anything missing, doubled or unexpected.
 *
 * Why a separate process: the system then runs exactly as under `npm start` (one Node process serving the
 * API and its workers), its event loop is not shared with 200 client loops, so the latencies are the
 * server's plus the loopback's, and its CPU can be measured apart from the clients'. The machine has 2 cores
 * for both (and the emulators): the clients' own CPU is printed too.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { pathToFileURL } from 'node:url';
import { formatTurkeyTime } from '../functions/domain/consent/dates.js';
import { type AnsweredAdd, checkMovements, type MovementSeen } from './movement-check.js';
import { numberOption } from './options.js';
import { Api, BRAND, IYS, killAll, PULL_LAG_SECONDS, round, SystemChild, sleep } from './system-child.js';

process.env.IYS_LOG_LEVEL ??= 'SILENT';
process.env.IYS_SCRYPT_N ??= '1024';

const base = `/sps/${IYS}/brands/${BRAND}`;
const HOT = 10;
const REQUEST_TIMEOUT_MS = 60_000;

type Op = 'addNew' | 'addUpdate' | 'addContended' | 'consentDetail' | 'consentsHistory';
const OPS: Op[] = ['addNew', 'addUpdate', 'addContended', 'consentDetail', 'consentsHistory'];
/** Cumulative shares of the mix, in OPS order. */
const MIX = [0.35, 0.5, 0.55, 0.8, 1];

interface ConsentKey {
  recipient: string;
  type: 'MESAJ' | 'ARAMA' | 'EPOSTA';
  recipientType: 'BIREYSEL';
}
const keyOf = (k: { recipient: string; type: string; recipientType: string }) =>
  `${k.recipientType}|${k.type}|${k.recipient}`;

/** The n-th new consent of the run: two phones (MESAJ, ARAMA) for every e-mail. */
function newConsent(n: number): ConsentKey {
  if (n % 3 === 2) return { recipient: `yuk${n}@example.com`, type: 'EPOSTA', recipientType: 'BIREYSEL' };
  return {
    recipient: `+90533${String(n).padStart(7, '0')}`,
    type: n % 3 ? 'ARAMA' : 'MESAJ',
    recipientType: 'BIREYSEL',
  };
}
const hotConsent = (i: number): ConsentKey => ({
  recipient: `sicak${i}@example.com`,
  type: 'EPOSTA',
  recipientType: 'BIREYSEL',
});

/** A small deterministic generator per client (mulberry32), so that a run's mix can be repeated. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------------
// HTTP over keep-alive connections.

interface Answer {
  status: number;
  body: unknown;
  ms: number;
}

class Http {
  constructor(
    private readonly url: URL,
    private readonly agent: Agent,
    public token: string,
  ) {}

  /** One request; rejects when no answer comes (connection error, timeout). */
  send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.token}`,
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// What the clients saw.

class OpStats {
  readonly statuses: Record<string, number> = {};
  readonly latencies: number[] = [];
  /** Requests that got no answer, by error message. */
  readonly noAnswer: Record<string, number> = {};
  /** The error codes of 4xx answers (H174, X010, …). */
  readonly codes: Record<string, number> = {};
  add(a: Answer): void {
    this.statuses[a.status] = (this.statuses[a.status] ?? 0) + 1;
    this.latencies.push(a.ms);
    if (a.status >= 400) {
      const errors = (a.body as { errors?: { code?: string }[] } | undefined)?.errors;
      const code = errors?.[0]?.code ?? `HTTP ${a.status}`;
      this.codes[code] = (this.codes[code] ?? 0) + 1;
    }
  }
  failed(e: Error): void {
    const m = e.message.slice(0, 80);
    this.noAnswer[m] = (this.noAnswer[m] ?? 0) + 1;
  }
  get count(): number {
    return this.latencies.length + Object.values(this.noAnswer).reduce((n, v) => n + v, 0);
  }
}

/** The p-th percentile (nearest rank) of a list of numbers, sorted here. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function latencySummary(values: number[]) {
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  return {
    p50: round(percentile(list, 50), 1),
    p99: round(percentile(list, 99), 1),
    max: round(list[list.length - 1] ?? Number.NaN, 1),
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc, or undefined once it is gone. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the state field), in clock ticks.
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return undefined;
  }
}

interface Shared {
  http: Http;
  stats: Record<Op, OpStats>;
  answered: AnsweredAdd[];
  /** Consents with an add that got no answer. */
  uncertain: Set<string>;
  written: Set<string>;
  nextConsent: number;
  readYourWrites: {
    detailChecked: number;
    detailMisses: number;
    historyChecked: number;
    historyMisses: number;
  };
  misses: string[];
  perWindow: number[];
  t0: number;
}

interface Own {
  key: ConsentKey;
  status: 'ONAY' | 'RET';
  /** The last transactionId this client was answered for it; undefined after an add without an answer. */
  last?: string;
}

const consentBody = (k: ConsentKey, status: 'ONAY' | 'RET') => ({
  ...k,
  status,
  source: 'HS_WEB',
  // A second and a half back: never after the system's now (H162), never before this consent's last date.
  consentDate: formatTurkeyTime(Date.now() - 1500),
});

async function client(id: number, deadline: number, s: Shared): Promise<void> {
  const random = rng(0x1e5 + id);
  const own: Own[] = [];
  const window = () => Math.floor((performance.now() - s.t0) / 10_000);
  while (performance.now() < deadline) {
    const r = random();
    let op = OPS[MIX.findIndex((m) => r < m)]!;
    if (!own.length && op !== 'addContended') op = 'addNew';
    const stats = s.stats[op];
    try {
      if (op === 'addNew' || op === 'addUpdate' || op === 'addContended') {
        let target: Own | undefined;
        let key: ConsentKey;
        let status: 'ONAY' | 'RET';
        if (op === 'addNew') {
          key = newConsent(s.nextConsent++);
          status = 'ONAY';
        } else if (op === 'addUpdate') {
          target = own[Math.floor(random() * own.length)]!;
          key = target.key;
          status = target.status === 'ONAY' ? 'RET' : 'ONAY';
        } else {
          key = hotConsent(Math.floor(random() * HOT));
          status = random() < 0.5 ? 'ONAY' : 'RET';
        }
        const k = keyOf(key);
        s.written.add(k);
        let a: Answer;
        try {
          a = await s.http.send('POST', `${base}/consents`, consentBody(key, status));
        } catch (e) {
          s.uncertain.add(k);
          if (target) target.last = undefined;
          if (op === 'addNew') own.push({ key, status }); // it may exist: its history is read anyway
          throw e;
        }
        stats.add(a);
        if (a.status === 200) {
          const txn = (a.body as { transactionId: string }).transactionId;
          s.answered.push({ key: k, transactionId: txn });
          if (target) {
            target.status = status;
            target.last = txn;
          } else if (op === 'addNew') own.push({ key, status, last: txn });
        }
      } else {
        const useHot = op === 'consentDetail' && random() < 0.1;
        const target = useHot ? undefined : own[Math.floor(random() * own.length)]!;
        const key = target?.key ?? hotConsent(Math.floor(random() * HOT));
        const path = op === 'consentDetail' ? `${base}/consents/status` : `${base}/consents/history?limit=10`;
        const a = await s.http.send('POST', path, key);
        stats.add(a);
        // Read your writes: this client alone writes its own consents, one request after the other.
        if (target?.last && a.status === 200) {
          if (op === 'consentDetail') {
            s.readYourWrites.detailChecked++;
            const got = (a.body as { transactionId?: string }).transactionId;
            if (got !== target.last) {
              s.readYourWrites.detailMisses++;
              if (s.misses.length < 5) s.misses.push(`detail ${keyOf(key)}: ${got} ≠ ${target.last}`);
            }
          } else {
            s.readYourWrites.historyChecked++;
            const got = (a.body as { list?: { transactionId: string }[] }).list?.[0]?.transactionId;
            if (got !== target.last) {
              s.readYourWrites.historyMisses++;
              if (s.misses.length < 5) s.misses.push(`history ${keyOf(key)}: ${got} ≠ ${target.last}`);
            }
          }
        }
      }
    } catch (e) {
      stats.failed(e as Error);
    }
    const w = window();
    s.perWindow[w] = (s.perWindow[w] ?? 0) + 1;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Afterwards: the feed from its start, and every consent's history and detail.

async function reliably(http: Http, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    try {
      const a = await http.send(method, path, body);
      if (a.status < 500 || attempt >= 3) return a;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
    await sleep(500);
  }
}

type FeedItem = { recipient: string; type: string; recipientType: string; transactionId: string };

/** The change feed from a cursor to its current end; the new cursor. */
async function readFeedFrom(
  http: Http,
  after: string | undefined,
  into: MovementSeen[],
  statuses: Record<string, number>,
): Promise<string | undefined> {
  for (;;) {
    const q = `source=HS&limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const a = await reliably(http, 'GET', `${base}/consents/changes?${q}`);
    statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    if (a.status === 204) return after;
    if (a.status !== 200) throw new Error(`feed: HTTP ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
    const page = a.body as { after: string; list: FeedItem[] };
    for (const m of page.list) into.push({ key: keyOf(m), transactionId: m.transactionId });
    after = page.after;
    if (page.list.length < 1000) return after;
  }
}

async function mapLimit<T>(items: T[], limit: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await f(items[next++]!);
    }),
  );
}

function parseKey(k: string): ConsentKey {
  const [recipientType, type, ...rest] = k.split('|');
  return {
    recipientType: recipientType as 'BIREYSEL',
    type: type as ConsentKey['type'],
    recipient: rest.join('|'),
  };
}

// ---------------------------------------------------------------------------------------------------------

export async function run(): Promise<Record<string, unknown>> {
  const clients = Math.round(numberOption('clients', 'BENCH_LOAD_CLIENTS', 200));
  const seconds = numberOption('seconds', 'BENCH_LOAD_SECONDS', 60);
  const log = (m: string) => process.stderr.write(`bench load: ${m}\n`);
  const sys = new SystemChild('local', {
    now: 'real',
    // Measured: the system, not İYS's per-IP limits (every client is 127.0.0.1; docs/limits.md).
    env: { IYS_RATE_IP_PER_SECOND: '0', IYS_RATE_STATUS_PER_IP_HOUR: '0', IYS_RATE_HISTORY_PER_IP_HOUR: '0' },
  });
  const agent = new Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients });
  const onSignal = () => {
    killAll();
    process.exit(1);
  };
  process.on('exit', killAll);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await sys.start();
    const crash = sys.crashed();
    crash.catch(() => undefined);
    const { url, emulators } = sys.ready;
    log(`system ready on ${url} in ${sys.ready.startSeconds} s; ${clients} clients for ${seconds} s`);
    const api = new Api(url);
    await api.login();
    const http = new Http(new URL(url), agent, api.accessToken);

    const stats = Object.fromEntries(OPS.map((o) => [o, new OpStats()])) as Record<Op, OpStats>;
    const shared: Shared = {
      http,
      stats,
      answered: [],
      uncertain: new Set(),
      written: new Set(),
      nextConsent: 0,
      readYourWrites: { detailChecked: 0, detailMisses: 0, historyChecked: 0, historyMisses: 0 },
      misses: [],
      perWindow: [],
      t0: performance.now(),
    };
    const pids = { system: sys.pid, dynamodbLocal: emulators.dynamodbLocal, moto: emulators.moto };
    const cpuBefore = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpuSeconds(p)]));
    const selfBefore = process.cpuUsage();
    const t0 = performance.now();
    shared.t0 = t0;
    const deadline = t0 + seconds * 1000;
    const progress = setInterval(() => {
      const n = OPS.reduce((sum, o) => sum + stats[o].count, 0);
      log(
        `${round((performance.now() - t0) / 1000, 0)} s: ${n} requests, ${shared.answered.length} adds answered 200`,
      );
    }, 15_000);
    await Promise.race([
      Promise.all(Array.from({ length: clients }, (_, i) => client(i, deadline, shared))),
      crash,
    ]).finally(() => clearInterval(progress));
    const wall = (performance.now() - t0) / 1000;
    const cpu = Object.fromEntries(
      Object.entries(pids).map(([k, p]) => {
        const after = cpuSeconds(p);
        const before = cpuBefore[k];
        return [k, after === undefined || before === undefined ? null : round(after - before, 1)];
      }),
    );
    const self = process.cpuUsage(selfBefore);
    cpu.clients = round((self.user + self.system) / 1e6, 1);
    log(`load over after ${round(wall, 1)} s; draining and verifying`);

    // Everything written reaches its movements, and the feed's lag and watermark pass it.
    const drained = await Promise.race([api.postLong('/local/drain'), crash]);
    if (drained.status !== 200)
      throw new Error(`drain: HTTP ${drained.status} ${drained.text.slice(0, 300)}`);
    await sleep((PULL_LAG_SECONDS + 7) * 1000);
    const verifyStatuses: Record<string, number> = {};
    const feed: MovementSeen[] = [];
    const distinctAnswered = new Set(shared.answered.map((a) => a.transactionId)).size;
    let cursor = await readFeedFrom(http, undefined, feed, verifyStatuses);
    // Give a slow watermark a minute more, then one last read from the cursor (a doubled movement shows there).
    for (let i = 0; i < 12 && new Set(feed.map((m) => m.transactionId)).size < distinctAnswered; i++) {
      await sleep(5000);
      cursor = await readFeedFrom(http, cursor, feed, verifyStatuses);
    }
    await sleep(3000);
    await readFeedFrom(http, cursor, feed, verifyStatuses);

    const history = new Map<string, string[]>();
    const detail = new Map<string, string | undefined>();
    const keys = [...shared.written];
    const vt0 = performance.now();
    await mapLimit(keys, 16, async (k) => {
      const body = parseKey(k);
      const txns: string[] = [];
      for (let offset = 0; ; offset += 100) {
        const a = await reliably(http, 'POST', `${base}/consents/history?limit=100&offset=${offset}`, body);
        verifyStatuses[a.status] = (verifyStatuses[a.status] ?? 0) + 1;
        if (a.status !== 200) throw new Error(`history of ${k}: HTTP ${a.status} ${JSON.stringify(a.body)}`);
        const page = a.body as { list: { transactionId: string }[]; pagination: { totalCount: number } };
        txns.push(...page.list.map((m) => m.transactionId));
        if (!page.list.length || offset + 100 >= page.pagination.totalCount) break;
      }
      history.set(k, txns);
      const d = await reliably(http, 'POST', `${base}/consents/status`, body);
      verifyStatuses[d.status] = (verifyStatuses[d.status] ?? 0) + 1;
      if (d.status !== 200 && d.status !== 404)
        throw new Error(`detail of ${k}: HTTP ${d.status} ${JSON.stringify(d.body)}`);
      detail.set(k, d.status === 200 ? (d.body as { transactionId: string }).transactionId : undefined);
    });
    const check = checkMovements({
      answered: shared.answered,
      uncertain: shared.uncertain,
      feed,
      history,
      detail,
    });

    const byOp = Object.fromEntries(
      OPS.map((o) => {
        const st = stats[o];
        return [
          o,
          {
            requests: st.count,
            perSecond: round(st.count / wall, 1),
            latencyMs: latencySummary(st.latencies),
            statuses: st.statuses,
            ...(Object.keys(st.codes).length ? { errorCodes: st.codes } : {}),
            ...(Object.keys(st.noAnswer).length ? { noAnswer: st.noAnswer } : {}),
          },
        ];
      }),
    );
    const all = OPS.flatMap((o) => stats[o].latencies);
    const adds = (['addNew', 'addUpdate', 'addContended'] as const).flatMap((o) => stats[o].latencies);
    const statuses: Record<string, number> = {};
    let noAnswer = 0;
    for (const o of OPS) {
      for (const [k, v] of Object.entries(stats[o].statuses)) statuses[k] = (statuses[k] ?? 0) + v;
      noAnswer += Object.values(stats[o].noAnswer).reduce((n, v) => n + v, 0);
    }
    const requests = OPS.reduce((n, o) => n + stats[o].count, 0);
    const fiveXX = Object.entries(statuses)
      .filter(([k]) => Number(k) >= 500)
      .reduce((n, [, v]) => n + v, 0);
    const verify5xx = Object.entries(verifyStatuses)
      .filter(([k]) => Number(k) >= 500)
      .reduce((n, [, v]) => n + v, 0);
    const checks = {
      no5xx: fiveXX === 0 && verify5xx === 0,
      everyRequestAnswered: noAnswer === 0,
      movementsExact: check.ok,
    };
    const result = {
      clients,
      seconds,
      wallSeconds: round(wall, 1),
      ok: Object.values(checks).every(Boolean),
      checks,
      requests,
      requestsPerSecond: round(requests / wall, 1),
      latencyMs: latencySummary(all),
      statuses,
      noAnswer,
      addConsent: {
        requests: stats.addNew.count + stats.addUpdate.count + stats.addContended.count,
        perSecond: round((stats.addNew.count + stats.addUpdate.count + stats.addContended.count) / wall, 1),
        latencyMs: latencySummary(adds),
        answered200: shared.answered.length,
      },
      byOperation: byOp,
      // Answers per second in each full 10-second window (the requests still in flight at the end finish
      // after it, in a short window of their own: left out).
      requestsPerSecondBy10s: Array.from(shared.perWindow, (n) => round((n ?? 0) / 10, 1)).slice(
        0,
        Math.floor(seconds / 10),
      ),
      readYourWrites: {
        ...shared.readYourWrites,
        ...(shared.misses.length ? { samples: shared.misses } : {}),
      },
      cpuSecondsDuringLoad: cpu,
      verification: {
        ...check,
        feedReads: verifyStatuses,
        consentsVerified: keys.length,
        verifySeconds: round((performance.now() - vt0) / 1000, 1),
      },
      systemStartSeconds: sys.ready.startSeconds,
      systemStderr: {
        lines: sys.stderrLines,
        ...(sys.stderrTail ? { tail: sys.stderrTail.slice(-1500) } : {}),
      },
    };
    log(summary(result));
    if (!result.ok) throw new Error(`bench load failed: ${JSON.stringify(result)}`);
    return result;
  } finally {
    agent.destroy();
    process.removeListener('exit', killAll);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await sys.stop();
    killAll();
  }
}

/** A few lines for a person reading the terminal (the JSON has everything). */
function summary(r: {
  clients: number;
  wallSeconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  statuses: Record<string, number>;
  byOperation: Record<string, { perSecond: number; latencyMs: { p50: number; p99: number } }>;
  verification: ReturnType<typeof checkMovements>;
  ok: boolean;
}): string {
  const lines = [
    `${r.clients} clients, ${r.wallSeconds} s: ${r.requestsPerSecond} requests/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms`,
    ...Object.entries(r.byOperation).map(
      ([o, v]) =>
        `  ${o.padEnd(16)} ${String(v.perSecond).padStart(7)}/s  p50 ${v.latencyMs.p50} ms  p99 ${v.latencyMs.p99} ms`,
    ),
    `  statuses ${JSON.stringify(r.statuses)}`,
    `  answered ${r.verification.distinctAnsweredTransactions} movements; feed ${r.verification.feed.items} items (missing ${r.verification.feed.missing}, doubled ${r.verification.feed.doubled}, unexpected ${r.verification.feed.unexpected}); history of ${r.verification.history.consentsRead} consents (missing ${r.verification.history.missing}, doubled ${r.verification.history.doubled})`,
    `  ${r.ok ? 'OK' : 'FAILED'}`,
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  process.stdout.write(`${JSON.stringify({ load: r }, null, 2)}\n`);
  process.exit(0);
}
