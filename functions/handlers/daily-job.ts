import { clock } from '../adapters/clock.js';
import { config } from '../adapters/env.js';
import { observed } from '../adapters/observability.js';
import { readWatermark } from '../adapters/watermark-store.js';
import { untilDayWritten } from '../app/daily.js';
import { turkeyDate } from '../domain/evidence/daily.js';
import { awsDayBuilder } from '../wiring/daily.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const daily = awsDayBuilder();

/**
 * Scheduled after midnight, Turkey time (EventBridge Scheduler, timezone Europe/Istanbul; locally
 * bin/local/scheduler.ts): builds yesterday's files for every brand with movements, once every movement of
 * yesterday is written (the change feed's watermark past its end; up to IYS_DAILY_WAIT_SECONDS, default
 * 600, then it fails and the schedule retries). `{"date":"YYYY-MM-DD"}` builds that day at once instead
 * (same bytes on a rerun), or, with `"whenWritten":true`, once it is written (the local scheduler's run);
 * `{"force":true}` also re-signs unchanged files.
 */
export const handler = observed(
  async (event: { date?: string; force?: boolean; whenWritten?: boolean } = {}) => {
    let date = typeof event?.date === 'string' ? event.date : undefined;
    if (!date || event?.whenWritten) {
      date ??= turkeyDate(new Date(clock.now().getTime() - 86_400_000));
      await untilDayWritten(date, {
        watermark: () => readWatermark(0),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        timeoutMs: config().IYS_DAILY_WAIT_SECONDS * 1000,
      });
    }
    const brands = await daily.buildDay(date, { force: event?.force === true });
    return { date: brands[0]?.date ?? date, brands };
  },
);
