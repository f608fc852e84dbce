import { listOutbox } from '../../functions/adapters/outbox.js';
import type { ExtraRoute } from './api-server.js';

/**
 * The local runtime's own routes (api.md, "Local runtime"): outbox, jobs on demand. Each feature adds its
 * route here; nothing here is deployed.
 */
export interface LocalContext {
  /** Waits until streams and queues have caught up. */
  drain(): Promise<void>;
}

export function localRoutes(ctx: LocalContext): ExtraRoute[] {
  return [
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
