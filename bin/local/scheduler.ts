import { clock } from '../../functions/adapters/clock.js';
import { turkeyDate } from '../../functions/domain/evidence/daily.js';
import { handler as dailyJob } from '../../functions/handlers/daily-job.js';
import { handler as sealJob } from '../../functions/handlers/seal-job.js';
import { handler as watermarkJob } from '../../functions/handlers/watermark-job.js';

/**
 * The local stand-in for EventBridge Scheduler: the change feed's watermark job every
 * IYS_WATERMARK_INTERVAL_SECONDS (default 1; AWS runs it every 5 s), the seal job every IYS_SEAL_INTERVAL_SECONDS (default 60,
 * the deployed schedule's rate; 0 turns it off, e.g. for tests that seal on demand; POST /local/jobs/seal
 * seals at once), and the daily job once the Turkey date (of the injectable clock) has moved on, for the
 * day that ended. Runs never overlap; a failed run is logged and the next tick tries again, as a schedule
 * would. (Sealing queries the Evidence table, and moto answers a Query by walking the whole table: a faster
 * local cadence slows big local runs more as the table grows.)
 */
export interface LocalScheduler {
  /** Runs the jobs now (POST /local/jobs/{job}); waits for a run already in progress first. */
  seal(): Promise<unknown>;
  watermark(): Promise<unknown>;
  daily(date?: string, force?: boolean): Promise<unknown>;
  stop(): Promise<void>;
}

export function startScheduler(opts: { quiet?: boolean } = {}): LocalScheduler {
  const sealEvery = Number(process.env.IYS_SEAL_INTERVAL_SECONDS ?? 60) * 1000;
  let lastDay = turkeyDate(clock.now());
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };
  const report = (what: string) => (e: unknown) => {
    if (!opts.quiet) process.stderr.write(`local scheduler: ${what} failed: ${(e as Error).message}\n`);
  };

  // The watermark job has its own chain: it only reads the stream and writes its own items, and must not
  // wait behind a long seal.
  const watermarkEvery = Number(process.env.IYS_WATERMARK_INTERVAL_SECONDS ?? 1) * 1000;
  let watermarkRun: Promise<unknown> = Promise.resolve();
  const watermark = () => {
    const run = watermarkRun.then(
      () => watermarkJob({ ticks: 1 }),
      () => watermarkJob({ ticks: 1 }),
    );
    watermarkRun = run.catch(() => undefined);
    return run;
  };
  const timers: NodeJS.Timeout[] = [];
  if (watermarkEvery > 0)
    timers.push(setInterval(() => void watermark().catch(report('watermark')), watermarkEvery));
  if (sealEvery > 0)
    timers.push(setInterval(() => void serial(() => sealJob({})).catch(report('seal')), sealEvery));
  timers.push(
    setInterval(() => {
      const today = turkeyDate(clock.now());
      if (today === lastDay) return;
      const ended = lastDay;
      lastDay = today;
      void serial(() => dailyJob({ date: ended, whenWritten: true })).catch(report('daily'));
    }, 30_000),
  );
  for (const t of timers) t.unref();

  return {
    seal: () => serial(() => sealJob({})),
    watermark,
    daily: (date, force) =>
      serial(() => dailyJob({ ...(date ? { date } : {}), ...(force ? { force } : {}) })),
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await Promise.all([chain, watermarkRun]);
    },
  };
}
