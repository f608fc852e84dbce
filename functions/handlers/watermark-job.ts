import { clock } from '../adapters/clock.js';
import { logger } from '../adapters/logger.js';
import { metric, observed } from '../adapters/observability.js';
import { advanceWatermark } from '../app/watermark.js';
import { awsWatermarkPorts } from '../wiring/watermark.js';

/**
 * Scheduled (EventBridge Scheduler, once a minute with `{"ticks":12,"everySeconds":5}`, so the watermark
 * moves every 5 s; locally bin/local/scheduler.ts, one tick per run): advances the change feed's watermark.
 */
/** The composition root: the job's AWS ports, built once per cold start. */
const ports = awsWatermarkPorts();

export const handler = observed(async (event: { ticks?: number; everySeconds?: number } = {}) => {
  const ticks = Math.max(1, Math.min(60, Number(event?.ticks ?? 1)));
  const every = Math.max(0, Number(event?.everySeconds ?? 5)) * 1000;
  let last: Awaited<ReturnType<typeof advanceWatermark>> | undefined;
  for (let i = 0; i < ticks; i++) {
    const started = Date.now();
    last = await advanceWatermark(ports);
    metric.feedLag(Math.max(0, Math.floor(clock.now().getTime() / 1000) - last.watermark));
    if (last.waiting) logger.info('watermark', { ...last });
    if (i + 1 < ticks) await new Promise((r) => setTimeout(r, Math.max(0, every - (Date.now() - started))));
  }
  return last;
});
