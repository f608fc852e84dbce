import { config } from './env.js';

/**
 * The clock port. Production uses the system time. The local runtime may start the clock at IYS_NOW
 * (ISO 8601), after which it runs forward at real speed; tests can set and advance it.
 */
export interface Clock {
  now(): Date;
}

let offsetMs = 0;
const start = (() => {
  const now = config().IYS_NOW;
  return now ? Date.parse(now) : Number.NaN;
})();
if (!Number.isNaN(start)) offsetMs = start - Date.now();

export const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

/** Tests and the local runtime only. */
export function setClock(iso: string | Date): void {
  offsetMs = new Date(iso).getTime() - Date.now();
}
export function advanceClock(ms: number): void {
  offsetMs += ms;
}
