import { IysError } from '../domain/errors.js';
import { fixedWindow, type RateLimits, rateRules } from '../domain/rate-limits.js';

/** Adds one to a named counter that may be deleted at `expiresAtSeconds`; answers the new count. */
export type Counter = (name: string, expiresAtSeconds: number) => Promise<number>;

export interface Caller {
  ip: string;
  /** The API user of the access token (bearer operations). */
  username?: string;
}

/**
 * Counts this request against each limit of the operation (docs/limits.md) and refuses it with the first
 * limit it passes, in rule order (the per-second H124 before the hourly H086/H089), with the seconds until
 * that limit's window ends. Every request counts, refused or not (one counter write per limit in force,
 * in parallel); a limit of 0 is off and costs nothing.
 */
export async function enforceRateLimits(
  op: { operationId: string; auth: string },
  caller: Caller,
  limits: RateLimits,
  nowMs: number,
  count: Counter,
): Promise<void> {
  const checks = rateRules(op).flatMap((rule) => {
    const max = limits[rule.limit];
    const who = rule.scope === 'ip' ? caller.ip : caller.username;
    if (!max || !who) return [];
    const w = fixedWindow(nowMs, rule.windowSeconds);
    return [{ rule, max, w, counted: count(`${rule.name}#${who}#${w.index}`, w.expiresAt) }];
  });
  const counts = await Promise.all(checks.map((c) => c.counted));
  checks.forEach((c, i) => {
    if (counts[i]! > c.max) throw IysError.limited(c.rule.code, c.w.retryAfterSeconds);
  });
}
