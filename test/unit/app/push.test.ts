import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DeliveryMessage } from '../../../functions/adapters/push-delivery.js';
import { consentUseCases } from '../../../functions/app/consents.js';
import { type ConnectionInput, pushUseCases } from '../../../functions/app/push.js';
import { signatureHeader, testPayload } from '../../../functions/domain/push.js';
import { issuesToErrors } from '../../../functions/domain/validation.js';
import { spec as registration } from '../../../functions/specs/push-registration.js';
import { spec as unregistration } from '../../../functions/specs/push-unregistration.js';
import { memoryConsents } from './consent-fakes.js';
import { basicReceiver, memoryPush } from './push-fakes.js';
import { refusal } from './refusal.js';

/** The push use cases over in-memory fakes of their ports (and of the consent use cases for deliveries). */
const NOW = new Date('2026-11-25T10:00:00+03:00');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const T = { iysCode: 700001, brandCode: 700001 };
const URL_A = 'https://push.example.com/a';
const URL_B = 'https://push.example.com/b';
const conn = (
  url: string,
  type: ConnectionInput['type'] = 'MESAJ',
  password = 'secret-1',
): ConnectionInput => ({
  url,
  type,
  username: 'push-user',
  password,
});

function setup() {
  const mem = memoryPush({ now: NOW });
  return { mem, uc: pushUseCases(mem.ports) };
}

/** A set-up with receivers at URL_A and URL_B that demand their Basic credentials. */
function withReceivers() {
  const s = setup();
  s.mem.receivers.set(URL_A, basicReceiver('push-user', 'secret-1'));
  s.mem.receivers.set(URL_B, basicReceiver('push-user', 'secret-1'));
  return s;
}

describe('push registration', () => {
  it('makes a connection once the URL refuses an anonymous call and accepts the signed test payload', async () => {
    const { mem, uc } = withReceivers();
    expect(await uc.register(T, [conn(URL_A)])).toEqual({ message: 'Bağlantı oluşturuldu' });
    const [anon, signed] = mem.record.posts;
    const body = JSON.stringify(testPayload);
    expect(anon).toEqual({ url: URL_A, body, headers: {} });
    expect(signed!.headers).toEqual({
      authorization: `Basic ${Buffer.from('push-user:secret-1').toString('base64')}`,
      'x-iys-signature': signatureHeader('secret-1', NOW_S, body),
    });
    const [stored] = [...mem.connections.values()];
    expect(stored).toMatchObject({
      pk: 'PUSH#700001#700001',
      iysCode: 700001,
      brandCode: 700001,
      type: 'MESAJ',
      url: URL_A,
      username: 'push-user',
      status: 'Bağlantı Oluşturuldu',
      active: true,
      registerTime: '2026-11-25 10:00:00',
    });
    expect(stored!.sk).toMatch(/^CONN#MESAJ#[0-9a-f]{16}$/);
    // The password is kept sealed, bound to the connection.
    expect(Buffer.from(stored!.password.ct).toString()).toBe(`push|${stored!.sk}\0secret-1`);
    expect(await uc.connections(T)).toEqual([
      { url: URL_A, type: 'MESAJ', status: 'Bağlantı Oluşturuldu', registerTime: '2026-11-25 10:00:00' },
    ]);
  });

  it('refuses an unknown provider (H001) before touching anything', async () => {
    const { mem, uc } = withReceivers();
    mem.control.provider = undefined;
    expect(await refusal(uc.register(T, [conn(URL_A)]))).toEqual({ status: 404, codes: ['H001'] });
    expect(mem.record.posts).toEqual([]);
    expect(mem.connections.size).toBe(0);
  });

  it('refuses what is not https (H531), plain http to loopback only where the runtime allows it', async () => {
    const { mem, uc } = setup();
    const local = 'http://127.0.0.1:8080/x';
    mem.receivers.set(local, basicReceiver('push-user', 'secret-1'));
    for (const url of ['http://push.example.com/x', 'ftp://push.example.com', 'not a url', local]) {
      const r = await uc.register(T, [conn(url)]).catch((e) => e);
      expect(r.errors).toEqual([
        expect.objectContaining({ code: 'H531', location: ['connection', 0, 'url'], value: url }),
      ]);
    }
    expect(mem.record.posts).toEqual([]);
    mem.control.settings = { ...mem.control.settings, allowHttpLoopback: true };
    expect(await uc.register(T, [conn(local)])).toEqual({ message: 'Bağlantı oluşturuldu' });
  });

  it('keeps a connection whose URL answers without Basic auth, failed and inactive (H530)', async () => {
    const { mem, uc } = setup();
    mem.receivers.set(URL_A, () => ({ ok: true, status: 200 }));
    const e = await uc.register(T, [conn(URL_A)]).catch((x) => x);
    expect(e.status).toBe(422);
    expect(e.errors).toEqual([
      {
        code: 'H530',
        location: ['connection', 0, 'url'],
        message: 'Bağlantı oluşturulamadı: erişim adresi temel kimlik doğrulama (Basic auth) istemiyor.',
      },
    ]);
    expect(mem.record.posts).toHaveLength(1); // the signed test is not sent
    expect(await uc.connections(T)).toEqual([
      expect.objectContaining({ url: URL_A, status: 'Bağlantı Oluşturulamadı' }),
    ]);
    expect([...mem.connections.values()][0]!.active).toBe(false);
  });

  it('answers H191 when the receiver times out, on the anonymous call or on the signed test', async () => {
    const { mem, uc } = setup();
    mem.receivers.set(URL_A, () => ({ ok: false, error: 'TIMEOUT' }));
    const a = await uc.register(T, [conn(URL_A)]).catch((x) => x);
    expect(a.errors).toEqual([
      { code: 'H191', location: ['connection', 0, 'url'], message: 'Bağlantı zaman aşımına uğradı.' },
    ]);
    mem.receivers.set(URL_B, (r) =>
      r.headers.authorization ? { ok: false, error: 'TIMEOUT' } : { ok: false },
    );
    const b = await uc.register(T, [conn(URL_B)]).catch((x) => x);
    expect(b.errors.map((x: { code: string }) => x.code)).toEqual(['H191']);
    expect(mem.record.posts).toHaveLength(3);
  });

  it('answers H530 (catalogue text) when the signed test is refused', async () => {
    const { uc } = withReceivers();
    const e = await uc.register(T, [conn(URL_A, 'MESAJ', 'wrong-password')]).catch((x) => x);
    expect(e.errors).toEqual([
      { code: 'H530', location: ['connection', 0, 'url'], message: 'Bağlantı oluşturulamadı.' },
    ]);
  });

  it('allows two active connections per channel; a third is refused, the same URL again is not', async () => {
    const { mem, uc } = withReceivers();
    const third = 'https://push.example.com/c';
    mem.receivers.set(third, basicReceiver('push-user', 'secret-1'));
    await uc.register(T, [conn(URL_A), conn(URL_B)]);
    const e = await uc.register(T, [conn(third), conn(third, 'ARAMA')]).catch((x) => x);
    expect(e.errors).toEqual([
      {
        code: 'H530',
        location: ['connection', 0, 'type'],
        value: 'MESAJ',
        message: 'Bağlantı oluşturulamadı: MESAJ için en fazla 2 aktif bağlantı olabilir.',
      },
    ]);
    // The ARAMA one of the same request was made; re-registering URL_A replaces it.
    expect(mem.connections.size).toBe(3);
    expect(await uc.register(T, [conn(URL_A)])).toEqual({ message: 'Bağlantı oluşturuldu' });
    expect(mem.connections.size).toBe(3);
  });

  it('counts only active connections toward the limit, within one request too', async () => {
    const { mem, uc } = withReceivers();
    mem.receivers.set('https://push.example.com/open', () => ({ ok: true }));
    await uc.register(T, [conn('https://push.example.com/open')]).catch(() => undefined);
    const e = await uc
      .register(T, [conn(URL_A), conn(URL_B), conn('https://push.example.com/c')])
      .catch((x) => x);
    expect(e.errors.map((x: { code: string; location: unknown[] }) => [x.code, x.location])).toEqual([
      ['H530', ['connection', 2, 'type']],
    ]);
  });

  it('reports every refused connection of a request with its index, and keeps the good ones', async () => {
    const { uc } = withReceivers();
    const e = await uc
      .register(T, [conn('http://x.example'), conn(URL_A), conn(URL_B, 'EPOSTA', 'bad')])
      .catch((x) => x);
    expect(e.errors.map((x: { code: string; location: unknown[] }) => [x.code, x.location])).toEqual([
      ['H531', ['connection', 0, 'url']],
      ['H530', ['connection', 2, 'url']],
    ]);
    expect((await uc.connections(T)).map((c) => [c.url, c.type, c.status])).toEqual([
      [URL_A, 'MESAJ', 'Bağlantı Oluşturuldu'],
      [URL_B, 'EPOSTA', 'Bağlantı Oluşturulamadı'],
    ]);
  });
});

describe('push unregistration', () => {
  it('removes a connection only with its username and password', async () => {
    const { mem, uc } = withReceivers();
    await uc.register(T, [conn(URL_A)]);
    const notRemoved = { status: 422, codes: ['H530'] };
    expect(await refusal(uc.unregister(T, conn(URL_A, 'MESAJ', 'secret-2')))).toEqual(notRemoved);
    expect(await refusal(uc.unregister(T, conn(URL_A, 'MESAJ', 'secret')))).toEqual(notRemoved);
    expect(await refusal(uc.unregister(T, { ...conn(URL_A), username: 'other' }))).toEqual(notRemoved);
    expect(await refusal(uc.unregister(T, conn(URL_A, 'ARAMA')))).toEqual(notRemoved);
    expect(await refusal(uc.unregister(T, conn(URL_B)))).toEqual(notRemoved);
    const e = await uc.unregister(T, conn(URL_B)).catch((x) => x);
    expect(e.errors).toEqual([{ code: 'H530', location: ['url'], message: 'Bağlantı kaldırılamadı.' }]);
    expect(mem.connections.size).toBe(1);
    expect(await uc.unregister(T, conn(URL_A))).toEqual({ message: 'Bağlantı Kaldırıldı' });
    expect(mem.connections.size).toBe(0);
  });
});

describe('push bodies', () => {
  const errorsOf = (s: typeof registration | typeof unregistration, body: unknown) => {
    const r = s.body!.safeParse(body);
    if (r.success) return [];
    return issuesToErrors(r.error.issues, body, {
      fallbackCode: s.bodyErrorCode ?? 'X008',
      ...(s.bodyMessages ? { messages: s.bodyMessages } : {}),
    });
  };

  it('names the missing field in H093 (the texts the pipeline takes from the spec)', () => {
    const errors = errorsOf(registration, { connection: [{ url: URL_A, type: 'MESAJX' }] });
    expect(errors.map((e) => [e.code, e.location, e.message])).toEqual([
      ['H117', ['connection', 0, 'type'], 'İzin tipi (type) için uygun değerler: ARAMA, MESAJ, EPOSTA'],
      ['H093', ['connection', 0, 'username'], 'Kullanıcı adı (username) bulunamadı.'],
      ['H093', ['connection', 0, 'password'], 'Şifre (password) bulunamadı.'],
    ]);
    expect(errorsOf(unregistration, { url: URL_A, type: 'MESAJ', username: '', password: 'p' })).toEqual([
      expect.objectContaining({
        code: 'H093',
        location: ['username'],
        message: 'Kullanıcı adı (username) bulunamadı.',
      }),
    ]);
  });

  it('reports a body of the wrong shape with the push codes (H014, H097), not the generic X008', () => {
    expect(errorsOf(registration, [1]).map((e) => e.code)).toEqual(['H014']);
    expect(errorsOf(registration, { connection: [] }).map((e) => e.code)).toEqual(['H097']);
    expect(errorsOf(registration, { connection: ['x'] }).map((e) => e.code)).toEqual(['H097']);
    expect(errorsOf(unregistration, 'x').map((e) => e.code)).toEqual(['H097']);
    expect(registration.checkBody).toBeUndefined();
    expect(unregistration.checkBody).toBeUndefined();
  });
});

/** A connection at URL_A for MESAJ, and a consent whose RET the recipient recorded on İYS (IYS_WEB). */
async function delivering() {
  const consents = memoryConsents({ now: NOW });
  const cuc = consentUseCases(consents.ports);
  const mem = memoryPush({
    now: NOW,
    movements: consents.ports.getMovements,
    readMovement: cuc.readMovement,
  });
  const uc = pushUseCases(mem.ports);
  const received: { headers: Record<string, string>; body: string }[] = [];
  let answer = { ok: true, status: 200 } as { ok: boolean; status?: number; error?: 'TIMEOUT' | 'NETWORK' };
  // The test payload is always accepted; deliveries get `answer`.
  const accept = basicReceiver('push-user', 'secret-1');
  const deliver = basicReceiver('push-user', 'secret-1', () => answer);
  mem.receivers.set(URL_A, (r) => {
    if (r.body.includes('pushtest@iys.org.tr')) return accept(r);
    received.push(r);
    return deliver(r);
  });
  await uc.register(T, [conn(URL_A)]);
  mem.record.posts.length = 0;
  const recipient = '+905324445566';
  const base = { recipient, type: 'MESAJ', consentDate: '2026-11-24 09:00:00', recipientType: 'BIREYSEL' };
  await cuc.recordConsent(
    T,
    { ...base, status: 'ONAY', source: 'HS_WEB' },
    {
      actor: 'HS',
      now: NOW,
      repeat: { kind: 'v2' },
    },
  );
  consents.stream();
  const later = new Date(NOW.getTime() + 60_000);
  consents.setNow(later);
  mem.setNow(later);
  const ret = await cuc.recordConsent(
    T,
    { ...base, status: 'RET', source: 'IYS_WEB', consentDate: '2026-11-25 10:01:00' },
    { actor: 'IYS', now: later, repeat: { kind: 'v1' } },
  );
  consents.stream();
  const movements = [...consents.movements.values()];
  const setAnswer = (a: typeof answer) => {
    answer = a;
  };
  return { mem, uc, movements, received, ret, recipient, later, setAnswer };
}

const asRecord = (m: DeliveryMessage, attempt = 1) => ({
  messageId: `msg-${attempt}`,
  body: JSON.stringify(m),
  receiptHandle: 'rh-1',
  attempt,
});

describe('push deliveries', () => {
  it('queues only İYS movements, for the brand connections of their channel', async () => {
    const { mem, uc, movements } = await delivering();
    expect(movements.map((m) => m.source).sort()).toEqual(['HS_WEB', 'IYS_WEB']);
    await uc.enqueueMovements(movements);
    const [stored] = [...mem.connections.values()];
    expect(mem.record.queued).toEqual([
      {
        conn: { pk: stored!.pk, sk: stored!.sk },
        iysCode: 700001,
        brandCode: 700001,
        type: 'MESAJ',
        moves: movements.filter((m) => m.source === 'IYS_WEB').map((m) => ({ pk: m.pk, sk: m.sk })),
      },
    ]);
  });

  it('queues nothing for a channel or brand without an active connection, and splits at 100 movements', async () => {
    const { mem, uc, movements } = await delivering();
    const ret = movements.find((m) => m.source === 'IYS_WEB')!;
    const other = Array.from({ length: 3 }, (_, i) => ({ ...ret, brandCode: 700002, sk: `x${i}` }));
    const arama = { ...ret, type: 'ARAMA' as const, sk: 'arama' };
    await uc.enqueueMovements([...other, arama]);
    expect(mem.record.queued).toEqual([]);
    const many = Array.from({ length: 205 }, (_, i) => ({ ...ret, sk: `m${String(i).padStart(3, '0')}` }));
    await uc.enqueueMovements(many);
    expect(mem.record.queued.map((q) => q.moves.length)).toEqual([100, 100, 5]);
    expect(mem.record.queued[2]!.moves[4]).toEqual({ pk: ret.pk, sk: 'm204' });
    // An inactive connection gets nothing.
    mem.record.queued.length = 0;
    for (const c of mem.connections.values()) c.active = false;
    await uc.enqueueMovements([ret]);
    expect(mem.record.queued).toEqual([]);
  });

  it('delivers the movements signed and with Basic auth, logs the attempt and frees the slot', async () => {
    const { mem, uc, movements, received, ret, recipient, later } = await delivering();
    await uc.enqueueMovements(movements);
    await uc.deliverMessage(asRecord(mem.record.queued[0]!));
    expect(received).toHaveLength(1);
    const body = JSON.parse(received[0]!.body);
    expect(body).toEqual({
      list: [
        {
          iysCode: 700001,
          brandCode: 700001,
          consentDate: '2026-11-25 10:01:00',
          creationDate: ret.creationDate,
          source: 'IYS_WEB',
          recipient,
          recipientType: 'BIREYSEL',
          status: 'RET',
          type: 'MESAJ',
          transactionId: ret.transactionId,
        },
      ],
    });
    const t = Math.floor(later.getTime() / 1000);
    const mac = createHmac('sha256', 'secret-1').update(`${t}.${received[0]!.body}`).digest('hex');
    expect(received[0]!.headers['x-iys-signature']).toBe(`t=${t},v1=${mac}`);
    expect(mem.record.log.map((l) => l.entry)).toEqual([
      {
        at: later.toISOString(),
        url: URL_A,
        type: 'MESAJ',
        movements: 1,
        attempt: 1,
        outcome: 'DELIVERED',
        httpStatus: 200,
        ms: 7,
      },
    ]);
    expect(mem.slots.size).toBe(0);
    expect(mem.record.released).toBe(1);
    expect(mem.record.failures).toEqual([]);
    expect(mem.record.deferred).toEqual([]);
    expect(await uc.deliveries(T)).toEqual({ list: mem.record.log.map((l) => l.entry) });
  });

  it('retries a failed delivery later: logged FAILED, counted, the message hidden for the backoff', async () => {
    const { mem, uc, movements, setAnswer } = await delivering();
    await uc.enqueueMovements(movements);
    setAnswer({ ok: false, status: 503 });
    await expect(uc.deliverMessage(asRecord(mem.record.queued[0]!, 3))).rejects.toThrow(
      'push delivery failed: retried later',
    );
    expect(mem.record.log.map((l) => [l.entry.outcome, l.entry.httpStatus, l.entry.attempt])).toEqual([
      ['FAILED', 503, 3],
    ]);
    expect(mem.record.failures).toEqual([{ n: 1, outcome: 'RETRY' }]);
    expect(mem.record.deferred).toEqual([{ receiptHandle: 'rh-1', seconds: 40 }]); // 10 · 2²
    expect(mem.slots.size).toBe(0);
    // A network failure is logged without an HTTP status; the backoff base is a setting, and is capped.
    setAnswer({ ok: false, error: 'NETWORK' });
    mem.control.settings = { ...mem.control.settings, backoffBaseSeconds: 100 };
    await expect(uc.deliverMessage(asRecord(mem.record.queued[0]!, 5))).rejects.toThrow();
    const last = mem.record.log.at(-1)!.entry;
    expect(last).toMatchObject({ outcome: 'FAILED', error: 'NETWORK', attempt: 5 });
    expect(last).not.toHaveProperty('httpStatus');
    expect(mem.record.deferred.at(-1)).toEqual({ receiptHandle: 'rh-1', seconds: 900 });
  });

  it('defers a delivery while both slots of the brand and channel are held (BUSY)', async () => {
    const { mem, uc, movements, later, received } = await delivering();
    await uc.enqueueMovements(movements);
    const t = Math.floor(later.getTime() / 1000);
    const scope = '700001#700001#MESAJ';
    expect(await mem.ports.acquireSlot(scope, 2, t, 30)).toBeDefined();
    expect(await mem.ports.acquireSlot(scope, 2, t, 30)).toBeDefined();
    await expect(uc.deliverMessage(asRecord(mem.record.queued[0]!, 2))).rejects.toThrow();
    expect(received).toEqual([]);
    expect(mem.record.log.map((l) => l.entry)).toEqual([
      {
        at: later.toISOString(),
        url: URL_A,
        type: 'MESAJ',
        movements: 1,
        attempt: 2,
        outcome: 'DEFERRED',
        error: 'BUSY',
        ms: 0,
      },
    ]);
    expect(mem.record.deferred).toEqual([{ receiptHandle: 'rh-1', seconds: 20 }]);
    // Once the leases expire (30 s), the delivery goes through.
    mem.setNow(new Date(later.getTime() + 31_000));
    await uc.deliverMessage(asRecord(mem.record.queued[0]!, 3));
    expect(received).toHaveLength(1);
  });

  it('drops a delivery whose connection was removed or made inactive since, or whose movements are gone', async () => {
    const { mem, uc, movements, received } = await delivering();
    await uc.enqueueMovements(movements);
    const m = mem.record.queued[0]!;
    await uc.deliverMessage(asRecord({ ...m, moves: [{ pk: m.moves[0]!.pk, sk: 'missing' }] }));
    expect(received).toEqual([]);
    expect(mem.record.log).toEqual([]);
    expect(mem.slots.size).toBe(0);
    const stored = [...mem.connections.values()][0]!;
    stored.active = false;
    await uc.deliverMessage(asRecord(m));
    mem.connections.clear();
    await uc.deliverMessage(asRecord(m));
    expect(received).toEqual([]);
    expect(mem.record.failures).toEqual([]);
  });

  it('logs an unreadable message by id and error class only, and retries it; a failed deferral does not mask that', async () => {
    const { mem, uc } = await delivering();
    mem.control.failDefer = true;
    await expect(
      uc.deliverMessage({ messageId: 'm-bad', body: '{not json', receiptHandle: 'rh-9', attempt: 1 }),
    ).rejects.toThrow('push delivery failed: retried later');
    expect(mem.record.errors).toEqual([
      { message: 'push delivery error', fields: { messageId: 'm-bad', errorName: 'SyntaxError' } },
    ]);
    expect(mem.record.failures).toEqual([{ n: 1, outcome: 'RETRY' }]);
    expect(mem.record.deferred).toEqual([]);
  });

  it('answers the delivery log newest first, at most 100 lines', async () => {
    const { mem, uc } = setup();
    for (let i = 0; i < 105; i++)
      await mem.ports.logDelivery(700001, 700001, {
        at: `2026-11-25T07:00:${String(i % 60).padStart(2, '0')}Z`,
        url: URL_A,
        type: 'MESAJ',
        movements: 1,
        attempt: i,
        outcome: 'DELIVERED',
        ms: 1,
      });
    const { list } = await uc.deliveries(T);
    expect(list).toHaveLength(100);
    expect(list[0]!.attempt).toBe(104);
    expect((await uc.deliveries({ iysCode: 700001, brandCode: 700002 })).list).toEqual([]);
  });
});
