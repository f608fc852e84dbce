import { timingSafeEqual } from 'node:crypto';
import type { MovementItem } from '../adapters/consent-store.js';
import type { Sealed } from '../adapters/envelope.js';
import type * as push from '../adapters/push-delivery.js';
import type { ProviderItem } from '../adapters/registry-store.js';
import { formatTurkeyTime } from '../domain/consent/dates.js';
import type { Target } from '../domain/consent/request.js';
import { errorItem, IysError, type IysErrorItem } from '../domain/errors.js';
import {
  backoffSeconds,
  basicAuth,
  isPushed,
  pushRules,
  signatureHeader,
  statusTexts,
  testPayload,
  urlAcceptable,
} from '../domain/push.js';
import type { Channel } from '../domain/rights.js';
import type { ConsentUseCases } from './consents.js';

/**
 * Push (reference §7.8): connections per brand and channel, deliveries of IYS_* movements through the Push
 * queue (retries with exponential backoff, then the DLQ), at most 2 concurrent connections per brand and
 * channel, every attempt in a delivery log the provider can read.
 */
const timeoutMsg = 'Bağlantı zaman aşımına uğradı.';

export interface ConnectionInput {
  url: string;
  type: Channel;
  username: string;
  password: string;
}

type Slot = { pk: string; sk: string; holder: string };

/** What the push use cases reach: the connections, the delivery slots and log, the queue, the receivers. */
export interface PushPorts {
  /** Cached look-up (the directory): the provider whose data key seals a connection's password. */
  provider(iysCode: number): Promise<ProviderItem | undefined>;
  /** The connections' storage keys (pure functions of the brand, the channel and the URL). */
  layout: Pick<typeof push, 'connectionPk' | 'connectionSk'>;
  listConnections(iysCode: number, brandCode: number): Promise<push.ConnectionItem[]>;
  getConnection(pk: string, sk: string): Promise<push.ConnectionItem | undefined>;
  putConnection(c: push.ConnectionItem): Promise<void>;
  deleteConnection(pk: string, sk: string): Promise<void>;
  /** Takes one of `slots` leases of a brand and channel; undefined when all are held. */
  acquireSlot(
    scope: string,
    slots: number,
    nowSeconds: number,
    leaseSeconds: number,
  ): Promise<Slot | undefined>;
  releaseSlot(slot: Slot): Promise<void>;
  logDelivery(iysCode: number, brandCode: number, e: push.DeliveryLogEntry): Promise<void>;
  deliveryLog(iysCode: number, brandCode: number, limit: number): Promise<push.DeliveryLogEntry[]>;
  enqueueDeliveries(messages: push.DeliveryMessage[]): Promise<void>;
  /** Keeps a failed delivery's queue message invisible for `seconds`. */
  deferDelivery(receiptHandle: string, seconds: number): Promise<void>;
  /** One POST to a receiver with a hard timeout; never throws (the outcome says what happened). */
  post: typeof push.post;
  /** Seals a connection's password under the provider brand's data key, bound to `aad`. */
  seal(keyId: string, iysCode: number, brandCode: number, aad: string, plain: Uint8Array): Promise<Sealed>;
  open(sealed: Sealed, iysCode: number, brandCode: number, aad: string): Promise<Buffer>;
  /** The movement items of a delivery (consistent reads). */
  movements(keys: { pk: string; sk: string }[]): Promise<MovementItem[]>;
  /** Opens a movement item into the record a receiver gets (the consent use cases). */
  readMovement: ConsentUseCases['readMovement'];
  /** The registry's clock (registration times, signatures, the delivery log). */
  now(): Date;
  /** The wall clock, ms: how long a receiver took. */
  wallNow(): number;
  /** Read at each use: the local runtime may allow plain http to loopback, and tests shorten the backoff. */
  settings(): { allowHttpLoopback: boolean; backoffBaseSeconds: number };
  metrics: { pushFailures(n: number, outcome: string): void };
  log: { error(message: string, fields: Record<string, unknown>): void };
}

function signedHeaders(c: { username: string; password: string }, body: string, nowS: number) {
  return {
    authorization: basicAuth(c.username, c.password),
    'x-iys-signature': signatureHeader(c.password, nowS, body),
  };
}

export function pushUseCases(ports: PushPorts) {
  /** İYS's checks when a connection is made: the URL refuses an unauthenticated call and accepts the test. */
  async function probe(c: ConnectionInput, nowS: number): Promise<IysErrorItem | undefined> {
    const body = JSON.stringify(testPayload);
    const anon = await ports.post(c.url, body, {}, pushRules.timeoutMs);
    if (anon.error === 'TIMEOUT') return errorItem('H191', { location: ['url'], message: timeoutMsg });
    if (anon.ok)
      return errorItem('H530', {
        location: ['url'],
        message: 'Bağlantı oluşturulamadı: erişim adresi temel kimlik doğrulama (Basic auth) istemiyor.',
      });
    const r = await ports.post(c.url, body, signedHeaders(c, body, nowS), pushRules.timeoutMs);
    if (r.error === 'TIMEOUT') return errorItem('H191', { location: ['url'], message: timeoutMsg });
    if (!r.ok) return errorItem('H530', { location: ['url'] });
    return undefined;
  }

  async function register(t: Target, connections: ConnectionInput[]) {
    const now = ports.now();
    const provider = await ports.provider(t.iysCode);
    if (!provider) throw IysError.of('H001', { vars: { iysCode: t.iysCode } });
    const errors: IysErrorItem[] = [];
    const existing = await ports.listConnections(t.iysCode, t.brandCode);
    const nowS = Math.floor(now.getTime() / 1000);
    const { allowHttpLoopback } = ports.settings();
    for (const [i, c] of connections.entries()) {
      if (!urlAcceptable(c.url, allowHttpLoopback)) {
        errors.push(errorItem('H531', { location: ['connection', i, 'url'], value: c.url }));
        continue;
      }
      const sk = ports.layout.connectionSk(c.type, c.url);
      const active = existing.filter((e) => e.type === c.type && e.active && e.sk !== sk).length;
      if (active >= pushRules.maxActivePerType) {
        errors.push(
          errorItem('H530', {
            location: ['connection', i, 'type'],
            value: c.type,
            message: `Bağlantı oluşturulamadı: ${c.type} için en fazla ${pushRules.maxActivePerType} aktif bağlantı olabilir.`,
          }),
        );
        continue;
      }
      const failure = await probe(c, nowS);
      const item: push.ConnectionItem = {
        pk: ports.layout.connectionPk(t.iysCode, t.brandCode),
        sk,
        iysCode: t.iysCode,
        brandCode: t.brandCode,
        type: c.type,
        url: c.url,
        username: c.username,
        password: await ports.seal(
          provider.dataKeyId,
          t.iysCode,
          t.brandCode,
          `push|${sk}`,
          Buffer.from(c.password, 'utf8'),
        ),
        status: failure ? statusTexts.failed : statusTexts.created,
        active: !failure,
        registerTime: formatTurkeyTime(now),
      };
      await ports.putConnection(item);
      existing.push(item);
      if (failure)
        errors.push({ ...failure, location: ['connection', i, ...(failure.location ?? []).slice(-1)] });
    }
    if (errors.length) throw new IysError(errors);
    return { message: 'Bağlantı oluşturuldu' };
  }

  async function connections(t: Target) {
    return (await ports.listConnections(t.iysCode, t.brandCode)).map((c) => ({
      url: c.url,
      type: c.type,
      status: c.status,
      registerTime: c.registerTime,
    }));
  }

  async function passwordOf(c: push.ConnectionItem): Promise<string> {
    return (await ports.open(c.password, c.iysCode, c.brandCode, `push|${c.sk}`)).toString('utf8');
  }

  async function unregister(t: Target, c: ConnectionInput) {
    const pk = ports.layout.connectionPk(t.iysCode, t.brandCode);
    const sk = ports.layout.connectionSk(c.type, c.url);
    const found = await ports.getConnection(pk, sk);
    const notRemoved = () => IysError.of('H530', { location: ['url'], message: 'Bağlantı kaldırılamadı.' });
    if (!found || found.username !== c.username) throw notRemoved();
    const a = Buffer.from(await passwordOf(found));
    const b = Buffer.from(c.password);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw notRemoved();
    await ports.deleteConnection(pk, sk);
    return { message: 'Bağlantı Kaldırıldı' };
  }

  async function deliveries(t: Target) {
    return { list: await ports.deliveryLog(t.iysCode, t.brandCode, 100) };
  }

  /** Movement sink: IYS_* movements of brands with an active connection for their channel → the Push queue. */
  async function enqueueMovements(movements: MovementItem[]): Promise<void> {
    const byBrand = new Map<string, MovementItem[]>();
    for (const m of movements) {
      if (!isPushed(m.source)) continue;
      const k = `${m.iysCode}#${m.brandCode}`;
      byBrand.set(k, [...(byBrand.get(k) ?? []), m]);
    }
    const out: push.DeliveryMessage[] = [];
    for (const list of byBrand.values()) {
      const { iysCode, brandCode } = list[0]!;
      const conns = (await ports.listConnections(iysCode, brandCode)).filter((c) => c.active);
      for (const c of conns) {
        const mine = list.filter((m) => m.type === c.type);
        for (let i = 0; i < mine.length; i += pushRules.maxMovementsPerDelivery) {
          out.push({
            conn: { pk: c.pk, sk: c.sk },
            iysCode,
            brandCode,
            type: c.type,
            moves: mine.slice(i, i + pushRules.maxMovementsPerDelivery).map((m) => ({ pk: m.pk, sk: m.sk })),
          });
        }
      }
    }
    await ports.enqueueDeliveries(out);
  }

  /** One Push queue message: a failed delivery comes back after a growing delay (and is reported failed). */
  async function deliverMessage(record: {
    messageId: string;
    body: string;
    receiptHandle: string;
    attempt: number;
  }): Promise<void> {
    let ok = false;
    try {
      ok = await deliverOne(JSON.parse(record.body) as push.DeliveryMessage, record.attempt);
    } catch (e) {
      ports.log.error('push delivery error', { messageId: record.messageId, errorName: (e as Error).name });
    }
    if (ok) return;
    ports.metrics.pushFailures(1, 'RETRY');
    await ports
      .deferDelivery(
        record.receiptHandle,
        backoffSeconds(record.attempt, ports.settings().backoffBaseSeconds),
      )
      .catch(() => undefined);
    throw new Error('push delivery failed: retried later');
  }

  async function deliverOne(m: push.DeliveryMessage, attempt: number): Promise<boolean> {
    const conn = await ports.getConnection(m.conn.pk, m.conn.sk);
    if (!conn?.active) return true; // removed since: nothing to deliver
    const started = ports.now();
    const nowS = Math.floor(started.getTime() / 1000);
    const slot = await ports.acquireSlot(
      `${m.iysCode}#${m.brandCode}#${m.type}`,
      pushRules.maxConnections,
      nowS,
      30,
    );
    if (!slot) {
      await ports.logDelivery(m.iysCode, m.brandCode, {
        at: started.toISOString(),
        url: conn.url,
        type: conn.type,
        movements: m.moves.length,
        attempt,
        outcome: 'DEFERRED',
        error: 'BUSY',
        ms: 0,
      });
      return false;
    }
    try {
      const items = await ports.movements(m.moves);
      const list = [];
      for (const item of items.sort((a, b) => (a.sk < b.sk ? -1 : 1))) {
        const mv = await ports.readMovement(item);
        list.push({
          iysCode: mv.iysCode,
          brandCode: mv.brandCode,
          consentDate: mv.consentDate ?? '',
          creationDate: mv.creationDate,
          source: mv.source,
          recipient: mv.recipient,
          recipientType: mv.recipientType,
          status: mv.status,
          type: mv.type,
          transactionId: mv.transactionId,
        });
      }
      if (!list.length) return true;
      const body = JSON.stringify({ list });
      const password = await passwordOf(conn);
      const t0 = ports.wallNow();
      const r = await ports.post(
        conn.url,
        body,
        signedHeaders({ username: conn.username, password }, body, nowS),
        pushRules.timeoutMs,
      );
      await ports.logDelivery(m.iysCode, m.brandCode, {
        at: started.toISOString(),
        url: conn.url,
        type: conn.type,
        movements: list.length,
        attempt,
        outcome: r.ok ? 'DELIVERED' : 'FAILED',
        ...(r.status !== undefined ? { httpStatus: r.status } : {}),
        ...(r.error ? { error: r.error } : {}),
        ms: ports.wallNow() - t0,
      });
      return r.ok;
    } finally {
      await ports.releaseSlot(slot);
    }
  }

  return { register, connections, unregister, deliveries, enqueueMovements, deliverMessage };
}

export type PushUseCases = ReturnType<typeof pushUseCases>;
