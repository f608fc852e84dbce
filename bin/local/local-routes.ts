import { listOutbox } from '../../functions/adapters/outbox.js';
import { consoleFile } from '../../functions/handlers/console.js';
import { portalFile } from '../../functions/handlers/portal.js';
import type { ExtraRoute } from './api-server.js';

/**
 * The local runtime's own routes (api.md, "Local runtime"): outbox, jobs on demand. Each feature adds its
 * route here; nothing here is deployed.
 */
export interface LocalContext {
  /** Waits until streams and queues have caught up. */
  drain(): Promise<void>;
  /** Scheduled jobs run on demand (bin/local/scheduler.ts). */
  jobs?: { seal(): Promise<unknown>; daily(date?: string, force?: boolean): Promise<unknown> };
}

export function localRoutes(ctx: LocalContext): ExtraRoute[] {
  return [
    {
      // POST /local/jobs/seal | /local/jobs/daily {"date":"YYYY-MM-DD","force"?:true}: the schedules, now.
      method: 'POST',
      path: /^\/local\/jobs\/(seal|daily)$/,
      handle: async (_req, body, match) => {
        if (!ctx.jobs)
          return { status: 404, body: { errors: [{ code: 'X002', message: 'İstenen kaynak bulunamadı.' }] } };
        await ctx.drain(); // the movements made so far belong in the run
        if (match?.[1] === 'seal') return { status: 200, body: await ctx.jobs.seal() };
        let input: { date?: unknown; force?: unknown } = {};
        try {
          input = body.length ? JSON.parse(body.toString('utf8')) : {};
        } catch {
          return { status: 400, body: { errors: [{ code: 'H014', message: 'İstek gövdesi okunamadı.' }] } };
        }
        const date = typeof input.date === 'string' ? input.date : undefined;
        if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date))
          return {
            status: 422,
            body: {
              errors: [
                {
                  code: 'H501',
                  message: 'Tarih formatı yyyy-aa-gg şeklinde olmalıdır.',
                  location: ['date'],
                  value: date,
                },
              ],
            },
          };
        return { status: 200, body: await ctx.jobs.daily(date, input.force === true) };
      },
    },
    {
      // The recipient portal (S3 + CloudFront in AWS).
      method: 'GET',
      path: /^\/portal\/([a-z.]*)$/,
      handle: async (_req, _body, m) => portalFile(m?.[1] ?? ''),
    },
    {
      // The provider console (the portal's bucket behind CloudFront in AWS).
      method: 'GET',
      path: /^\/console\/([a-z0-9.-]*)$/,
      handle: async (_req, _body, m) => consoleFile(m?.[1] ?? ''),
    },
    {
      method: 'GET',
      path: '/local/outbox',
      handle: async () => ({ status: 200, body: await listOutbox() }),
    },
    {
      method: 'POST',
      path: '/local/drain',
      handle: async () => {
        await ctx.drain();
        return { status: 200, body: { drained: true } };
      },
    },
  ];
}
