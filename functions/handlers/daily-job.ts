import { buildDay } from '../app/daily.js';

/**
 * Scheduled after midnight, Turkey time (EventBridge Scheduler, timezone Europe/Istanbul; locally
 * bin/local/scheduler.ts): builds yesterday's files for every brand with movements. `{"date":"YYYY-MM-DD"}`
 * builds that day instead (same bytes on a rerun); `{"force":true}` also re-signs unchanged files.
 */
export async function handler(event: { date?: string; force?: boolean } = {}) {
  const date = typeof event?.date === 'string' ? event.date : undefined;
  const brands = await buildDay(date, { force: event?.force === true });
  return { date: brands[0]?.date ?? date, brands };
}
