import * as consentStore from '../adapters/consent-store.js';
import { directory } from '../adapters/directory.js';
import { config, env } from '../adapters/env.js';
import { open, seal } from '../adapters/envelope.js';
import { logger } from '../adapters/logger.js';
import { metric } from '../adapters/observability.js';
import * as push from '../adapters/push-delivery.js';
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
import { awsConsents } from '../wiring/consents.js';

/** Not yet given its ports (docs/architecture.md): the consent use cases over AWS. */
const consents = awsConsents();

/**
 * Push (reference §7.8): connections per brand and channel, deliveries of IYS_* movements through the Push
 * queue (retries with exponential backoff, then the DLQ), at most 2 concurrent connections per brand and
 * channel, every attempt in a delivery log the provider can read.
 */
const allowLoopback = () => config().IYS_PUSH_ALLOW_HTTP_LOOPBACK === 'true' || env.stage() === 'local';
const backoffBase = () => config().IYS_PUSH_BACKOFF_BASE_SECONDS ?? pushRules.backoffBaseSeconds;
const timeoutMsg = 'Bağlantı zaman aşımına uğradı.';

export interface ConnectionInput {
  url: string;
  type: Channel;
  username: string;
  password: string;
}

function signedHeaders(c: { username: string; password: string }, body: string, nowS: number) {
  return {
    authorization: basicAuth(c.username, c.password),
    'x-iys-signature': signatureHeader(c.password, nowS, body),
  };
}

/** İYS's checks when a connection is made: the URL refuses an unauthenticated call and accepts the test. */
async function probe(c: ConnectionInput, nowS: number): Promise<IysErrorItem | undefined> {
  const body = JSON.stringify(testPayload);
  const anon = await push.post(c.url, body, {}, pushRules.timeoutMs);
  if (anon.error === 'TIMEOUT') return errorItem('H191', { location: ['url'], message: timeoutMsg });
  if (anon.ok)
    return errorItem('H530', {
      location: ['url'],
      message: 'Bağlantı oluşturulamadı: erişim adresi temel kimlik doğrulama (Basic auth) istemiyor.',
    });
  const r = await push.post(c.url, body, signedHeaders(c, body, nowS), pushRules.timeoutMs);
  if (r.error === 'TIMEOUT') return errorItem('H191', { location: ['url'], message: timeoutMsg });
  if (!r.ok) return errorItem('H530', { location: ['url'] });
  return undefined;
}

export async function register(t: Target, connections: ConnectionInput[], now: Date) {
  const provider = await directory.provider(t.iysCode);
  if (!provider) throw IysError.of('H001', { vars: { iysCode: t.iysCode } });
  const errors: IysErrorItem[] = [];
  const existing = await push.listConnections(t.iysCode, t.brandCode);
  const nowS = Math.floor(now.getTime() / 1000);
  for (const [i, c] of connections.entries()) {
    if (!urlAcceptable(c.url, allowLoopback())) {
      errors.push(errorItem('H531', { location: ['connection', i, 'url'], value: c.url }));
      continue;
    }
    const sk = push.connectionSk(c.type, c.url);
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
      pk: push.connectionPk(t.iysCode, t.brandCode),
      sk,
      iysCode: t.iysCode,
      brandCode: t.brandCode,
      type: c.type,
      url: c.url,
      username: c.username,
      password: await seal(
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
    await push.putConnection(item);
    existing.push(item);
    if (failure)
      errors.push({ ...failure, location: ['connection', i, ...(failure.location ?? []).slice(-1)] });
  }
  if (errors.length) throw new IysError(errors);
  return { message: 'Bağlantı oluşturuldu' };
}

export async function connections(t: Target) {
  return (await push.listConnections(t.iysCode, t.brandCode)).map((c) => ({
    url: c.url,
    type: c.type,
    status: c.status,
    registerTime: c.registerTime,
  }));
}

async function passwordOf(c: push.ConnectionItem): Promise<string> {
  return (await open(c.password, c.iysCode, c.brandCode, `push|${c.sk}`)).toString('utf8');
}

export async function unregister(t: Target, c: ConnectionInput) {
  const pk = push.connectionPk(t.iysCode, t.brandCode);
  const sk = push.connectionSk(c.type, c.url);
  const found = await push.getConnection(pk, sk);
  const notRemoved = () => IysError.of('H530', { location: ['url'], message: 'Bağlantı kaldırılamadı.' });
  if (!found || found.username !== c.username) throw notRemoved();
  const a = Buffer.from(await passwordOf(found));
  const b = Buffer.from(c.password);
  const { timingSafeEqual } = await import('node:crypto');
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw notRemoved();
  await push.deleteConnection(pk, sk);
  return { message: 'Bağlantı Kaldırıldı' };
}

export async function deliveries(t: Target) {
  return { list: await push.deliveryLog(t.iysCode, t.brandCode, 100) };
}

/** Movement sink: IYS_* movements of brands with an active connection for their channel → the Push queue. */
export async function enqueueMovements(movements: consentStore.MovementItem[]): Promise<void> {
  const byBrand = new Map<string, consentStore.MovementItem[]>();
  for (const m of movements) {
    if (!isPushed(m.source)) continue;
    const k = `${m.iysCode}#${m.brandCode}`;
    byBrand.set(k, [...(byBrand.get(k) ?? []), m]);
  }
  const out: push.DeliveryMessage[] = [];
  for (const list of byBrand.values()) {
    const { iysCode, brandCode } = list[0]!;
    const conns = (await push.listConnections(iysCode, brandCode)).filter((c) => c.active);
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
  await push.enqueueDeliveries(out);
}

/** One Push queue message: a failed delivery comes back after a growing delay (and is reported failed). */
export async function deliverMessage(
  record: { messageId: string; body: string; receiptHandle: string; attempt: number },
  now: () => Date,
): Promise<void> {
  let ok = false;
  try {
    ok = await deliverOne(JSON.parse(record.body) as push.DeliveryMessage, record.attempt, now);
  } catch (e) {
    logger.error('push delivery error', { messageId: record.messageId, errorName: (e as Error).name });
  }
  if (ok) return;
  metric.pushFailures(1, 'RETRY');
  await push
    .deferMessage(record.receiptHandle, backoffSeconds(record.attempt, backoffBase()))
    .catch(() => undefined);
  throw new Error('push delivery failed: retried later');
}

async function deliverOne(m: push.DeliveryMessage, attempt: number, now: () => Date): Promise<boolean> {
  const conn = await push.getConnection(m.conn.pk, m.conn.sk);
  if (!conn?.active) return true; // removed since: nothing to deliver
  const started = now();
  const nowS = Math.floor(started.getTime() / 1000);
  const slot = await push.acquireSlot(
    `${m.iysCode}#${m.brandCode}#${m.type}`,
    pushRules.maxConnections,
    nowS,
    30,
  );
  if (!slot) {
    await push.logDelivery(m.iysCode, m.brandCode, {
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
    const items = await consentStore.getMovements(m.moves);
    const list = [];
    for (const item of items.sort((a, b) => (a.sk < b.sk ? -1 : 1))) {
      const mv = await consents.readMovement(item);
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
    const t0 = Date.now();
    const r = await push.post(
      conn.url,
      body,
      signedHeaders({ username: conn.username, password }, body, nowS),
      pushRules.timeoutMs,
    );
    await push.logDelivery(m.iysCode, m.brandCode, {
      at: started.toISOString(),
      url: conn.url,
      type: conn.type,
      movements: list.length,
      attempt,
      outcome: r.ok ? 'DELIVERED' : 'FAILED',
      ...(r.status !== undefined ? { httpStatus: r.status } : {}),
      ...(r.error ? { error: r.error } : {}),
      ms: Date.now() - t0,
    });
    return r.ok;
  } finally {
    await push.releaseSlot(slot);
  }
}
