import { logger } from '../adapters/logger.js';
import { observed } from '../adapters/observability.js';
import { awsLogSealer } from '../wiring/evidence-log.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const sealer = awsLogSealer();

/**
 * Scheduled every few seconds (EventBridge Scheduler; locally bin/local/scheduler.ts): checkpoints every
 * provider log with new leaves. Two KMS Sign calls per checkpoint, none per record. `{"iysCodes":[…]}`
 * limits the run to those providers.
 */
export const handler = observed(async (event: { iysCodes?: number[] } = {}) => {
  const results = await sealer.seal(Array.isArray(event?.iysCodes) ? event.iysCodes.map(Number) : undefined);
  const sealed = results.filter((r) => r.sealed);
  if (sealed.length)
    logger.info('sealed', { logs: sealed.length, leaves: sealed.reduce((n, r) => n + r.to - r.from, 0) });
  return { checkpoints: results };
});
