/**
 * The local system for bench/e2e.ts, in a process of its own (so its peak RSS is its own): the same
 * `startSystem` as `npm start`, on a free port, the clock pinned like bench/bulk.ts's NOW, quiet, with the
 * request counter of bench/aws-counter.ts on every SDK client.
 *
 *   node --import tsx bench/e2e-system.ts [--dynamo local|moto] [--now ISO|real] [--port N]
 *
 * `--now real` leaves the machine's clock (bench/load.ts); `--port` (default: a free one) lets a restarted system
 * answer where the killed one did (bench/crash.ts). With AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_DYNAMODB
 * in its environment it starts no emulator and uses those (bench/crash.ts: emulators that outlive it).
 *
 * Protocol (stdout, one JSON object per line, each with an `e2e` key; anything else on stdout is the
 * system's own logging):
 *   ready     {"e2e":"ready","url","pid","emulators":{"moto":PID,"dynamodbLocal":PID},…} once it serves
 *   stdin `counters` → {"e2e":"counters","counts":{requests,writeUnits,writeUnitsByTable}}
 *   stdin `reset`    → {"e2e":"reset"} (counters back to zero)
 *   stdin `memory`   → {"e2e":"memory","memory":{rss,heapTotal,heapUsed,external,arrayBuffers,…}} (MB)
 *   stdin `memory gc` → the same after a full garbage collection: the heap that is live, not merely not
 *                      yet collected (V8's --expose-gc, switched on here at run time)
 *   stdin `snapshot` → {"e2e":"snapshot","file"} a heap snapshot written to BENCH_E2E_HEAPSNAPSHOT_DIR
 * SIGTERM, SIGINT or the end of stdin (the benchmark went away) stop the system and its emulators.
 * Not a benchmark module (no `run` export): bench/run.ts skips it, and importing it starts nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startCounting } from './aws-counter.js';

/** Children of a process, from /proc (the system does not expose its emulators' pids). */
export function childrenOf(ppid: number): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== ppid) continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid: Number(name), cmdline });
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

function emulatorPids(): { moto?: number; dynamodbLocal?: number } {
  const out: { moto?: number; dynamodbLocal?: number } = {};
  for (const c of childrenOf(process.pid)) {
    if (/moto\.server|moto_server/.test(c.cmdline)) out.moto = c.pid;
    else if (/DynamoDBLocal\.jar/.test(c.cmdline)) out.dynamodbLocal = c.pid;
  }
  return out;
}

const mb = (n: number) => Math.round(n / 1048576);

/** The process's memory in MB: RSS, V8's heap and its spaces, and memory outside it (buffers). */
export function memoryReport(): Record<string, unknown> {
  const m = process.memoryUsage();
  const h = getHeapStatistics();
  return {
    rss: mb(m.rss),
    heapTotal: mb(m.heapTotal),
    heapUsed: mb(m.heapUsed),
    external: mb(m.external),
    arrayBuffers: mb(m.arrayBuffers),
    heapLimit: mb(h.heap_size_limit),
    mallocedMemory: mb(h.malloced_memory),
    spaces: Object.fromEntries(
      getHeapSpaceStatistics().map((s) => [
        s.space_name,
        { size: mb(s.space_size), used: mb(s.space_used_size) },
      ]),
    ),
  };
}

/** A full collection (the flag is set at run time, so the process needs no --expose-gc to start). */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dynamo = arg('dynamo') ?? 'local';
  if (dynamo !== 'local' && dynamo !== 'moto') throw new Error(`--dynamo local|moto, not ${dynamo}`);
  const now = arg('now') ?? '2026-11-25T10:00:00+03:00';
  const say = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

  // Installed before the system makes its clients: every client it makes gets the counter.
  const counter = startCounting();
  const { startSystem } = await import('../bin/local/system.js');
  const started = performance.now();
  const sys = await startSystem({
    port: Number(arg('port') ?? 0),
    ...(now === 'real' ? {} : { now }),
    quiet: true,
    ...(dynamo === 'moto' ? { dynamoEndpoint: 'moto' } : {}),
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= sys.stop().then(
      () => process.exit(0),
      (e) => {
        process.stderr.write(`e2e-system: stop failed: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
    return stopping;
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());

  say({
    e2e: 'ready',
    url: sys.url,
    pid: process.pid,
    emulators: emulatorPids(),
    endpoint: sys.endpoint,
    dynamoEndpoint: sys.dynamoEndpoint,
    dynamo,
    startSeconds: Math.round((performance.now() - started) / 100) / 10,
  });

  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on('line', (line) => {
    const cmd = line.trim();
    if (cmd === 'counters') say({ e2e: 'counters', counts: counter.counts });
    else if (cmd === 'reset') {
      counter.reset();
      say({ e2e: 'reset' });
    } else if (cmd === 'memory' || cmd === 'memory gc') {
      if (cmd === 'memory gc') collect();
      say({ e2e: 'memory', memory: memoryReport() });
    } else if (cmd === 'snapshot') {
      const dir = process.env.BENCH_E2E_HEAPSNAPSHOT_DIR;
      if (!dir) say({ e2e: 'snapshot', file: null });
      else say({ e2e: 'snapshot', file: writeHeapSnapshot(join(dir, `system-${Date.now()}.heapsnapshot`)) });
    } else if (cmd) say({ e2e: 'unknown', command: cmd });
  });
  lines.on('close', () => void stop());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`e2e-system: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
