import type { MovementItem } from '../../../functions/adapters/consent-store.js';
import type {
  ConnectionItem,
  DeliveryLogEntry,
  DeliveryMessage,
} from '../../../functions/adapters/push-delivery.js';
import * as layout from '../../../functions/adapters/push-delivery.js';
import type { ConsentUseCases } from '../../../functions/app/consents.js';
import type { PushPorts } from '../../../functions/app/push.js';
import { PROVIDER } from './consent-fakes.js';

/** What a fake receiver answers a POST (the real `post` never throws: its outcome says what happened). */
export type Answer = { ok: boolean; status?: number; error?: 'TIMEOUT' | 'NETWORK' };
export type Receiver = (r: { headers: Record<string, string>; body: string }) => Answer;

/**
 * In-memory fakes of the push use cases' ports: connections and slot leases in maps (a lease held until it
 * expires or is released by its holder), the delivery log, the queue, receivers by URL (an unknown URL is a
 * network failure), a reversible "seal" bound to its aad (aad, NUL, plain text). The movement reads come from the caller (the
 * consent fakes), so deliveries open real movement records. The storage layout is the real one.
 */
export function memoryPush(opts: {
  now: Date;
  movements?: (keys: { pk: string; sk: string }[]) => Promise<MovementItem[]>;
  readMovement?: ConsentUseCases['readMovement'];
}) {
  const connections = new Map<string, ConnectionItem>();
  const slots = new Map<string, { holder: string; expiresAt: number }>();
  const receivers = new Map<string, Receiver>();
  let clock = opts.now;
  let wall = 1_000;
  let holders = 0;
  const record = {
    posts: [] as { url: string; body: string; headers: Record<string, string> }[],
    log: [] as { iysCode: number; brandCode: number; entry: DeliveryLogEntry }[],
    queued: [] as DeliveryMessage[],
    enqueueCalls: 0,
    deferred: [] as { receiptHandle: string; seconds: number }[],
    failures: [] as { n: number; outcome: string }[],
    errors: [] as { message: string; fields: Record<string, unknown> }[],
    released: 0,
  };
  const control = {
    provider: PROVIDER as typeof PROVIDER | undefined,
    settings: { allowHttpLoopback: false, backoffBaseSeconds: 10 },
    /** How long a receiver takes, ms of the wall clock. */
    receiverMs: 7,
    failDefer: false,
  };
  const key = (pk: string, sk: string) => `${pk}|${sk}`;
  const ports: PushPorts = {
    provider: async (iysCode) => (control.provider?.iysCode === iysCode ? control.provider : undefined),
    layout,
    listConnections: async (iysCode, brandCode) =>
      [...connections.values()]
        .filter((c) => c.pk === layout.connectionPk(iysCode, brandCode))
        .map((c) => structuredClone(c)),
    getConnection: async (pk, sk) => {
      const c = connections.get(key(pk, sk));
      return c && structuredClone(c);
    },
    putConnection: async (c) => {
      connections.set(key(c.pk, c.sk), structuredClone(c));
    },
    deleteConnection: async (pk, sk) => {
      connections.delete(key(pk, sk));
    },
    acquireSlot: async (scope, n, nowSeconds, leaseSeconds) => {
      const holder = `holder-${++holders}`;
      for (let i = 0; i < n; i++) {
        const k = key(`PUSHSLOT#${scope}`, String(i));
        const held = slots.get(k);
        if (held && held.expiresAt >= nowSeconds) continue;
        slots.set(k, { holder, expiresAt: nowSeconds + leaseSeconds });
        return { pk: `PUSHSLOT#${scope}`, sk: String(i), holder };
      }
      return undefined;
    },
    releaseSlot: async (s) => {
      const k = key(s.pk, s.sk);
      if (slots.get(k)?.holder === s.holder) {
        slots.delete(k);
        record.released++;
      }
    },
    logDelivery: async (iysCode, brandCode, entry) => {
      record.log.push({ iysCode, brandCode, entry });
    },
    deliveryLog: async (iysCode, brandCode, limit) =>
      record.log
        .filter((l) => l.iysCode === iysCode && l.brandCode === brandCode)
        .map((l) => l.entry)
        .reverse()
        .slice(0, limit),
    enqueueDeliveries: async (messages) => {
      record.enqueueCalls++;
      record.queued.push(...messages);
    },
    deferDelivery: async (receiptHandle, seconds) => {
      if (control.failDefer) throw new Error('visibility change failed');
      record.deferred.push({ receiptHandle, seconds });
    },
    post: async (url, body, headers) => {
      record.posts.push({ url, body, headers });
      const receiver = receivers.get(url);
      wall += control.receiverMs;
      return receiver ? receiver({ headers, body }) : { ok: false, error: 'NETWORK' };
    },
    seal: async (_keyId, _iys, _brand, aad, plain) => ({
      dk: new Uint8Array([9]),
      ct: Buffer.concat([Buffer.from(`${aad}\0`), Buffer.from(plain)]),
    }),
    open: async (sealed, _iys, _brand, aad) => {
      const ct = Buffer.from(sealed.ct);
      const end = ct.indexOf(0);
      if (ct.subarray(0, end).toString() !== aad) throw new Error('aad mismatch');
      return ct.subarray(end + 1);
    },
    movements: opts.movements ?? (async () => []),
    readMovement:
      opts.readMovement ??
      (async () => {
        throw new Error('no movements in this test');
      }),
    now: () => clock,
    wallNow: () => wall,
    settings: () => control.settings,
    metrics: {
      pushFailures: (n, outcome) => {
        record.failures.push({ n, outcome });
      },
    },
    log: {
      error: (message, fields) => {
        record.errors.push({ message, fields });
      },
    },
  };
  return {
    ports,
    connections,
    slots,
    receivers,
    record,
    control,
    setNow: (d: Date) => {
      clock = d;
    },
  };
}

/** A receiver as İYS expects one: refuses a call without its Basic credentials, accepts the rest. */
export function basicReceiver(username: string, password: string, then: () => Answer = () => ({ ok: true })) {
  const want = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return ((r) => (r.headers.authorization === want ? then() : { ok: false, status: 401 })) as Receiver;
}
