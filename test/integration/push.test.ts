import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenSession } from './citizen-helpers.js';
import { startTestSystem, type TestSystem } from './harness.js';

let sys: TestSystem;
let ornek: string;
let server: Server;
let receiverUrl: string;
const received: { auth?: string; signature?: string; body: string }[] = [];
let failNext = 0;
let maxConcurrent = 0;
let current = 0;
const basic = `Basic ${Buffer.from('push-user:push-pass-1').toString('base64')}`;
const base = '/sps/700001/brands/700001';

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    if (req.headers.authorization !== basic) {
      res.writeHead(401).end();
      return;
    }
    current++;
    maxConcurrent = Math.max(maxConcurrent, current);
    await new Promise((r) => setTimeout(r, 20));
    current--;
    const isTest = body.includes('pushtest@iys.org.tr');
    received.push({
      auth: req.headers.authorization,
      signature: req.headers['x-iys-signature'] as string,
      body,
    });
    if (!isTest && failNext > 0) {
      failNext--;
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  receiverUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/iys`;
  process.env.IYS_PULL_LAG_SECONDS = '0';
  process.env.IYS_PUSH_ALLOW_HTTP_LOOPBACK = 'true';
  process.env.IYS_PUSH_BACKOFF_BASE_SECONDS = '1';
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  ornek = (await sys.login('ornek-api', 'change-me-1')).access_token;
});
afterAll(async () => {
  await sys?.stop();
  server?.close();
});

describe('push registration', () => {
  it('refuses a non-https URL with H531 and missing fields with İYS codes', async () => {
    const r = await sys.call('POST', `${base}/push/registration`, {
      token: ornek,
      body: { connection: [{ url: 'http://example.com/x', type: 'MESAJ', username: 'u', password: 'p' }] },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].code).toBe('H531');
    const m = await sys.call('POST', `${base}/push/registration`, {
      token: ornek,
      body: { connection: [{ url: 'https://example.com/x', type: 'MESAJX' }] },
    });
    expect(m.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(['H093', 'H093', 'H117']);
    expect(m.body.errors.find((e: { location: string[] }) => e.location.at(-1) === 'password').message).toBe(
      'Şifre (password) bulunamadı.',
    );
  });

  it('refuses a URL that does not demand Basic auth', async () => {
    const open = createServer((_q, s) => s.writeHead(200).end()).listen(0, '127.0.0.1');
    await new Promise((r) => open.once('listening', r));
    const a = open.address();
    const r = await sys.call('POST', `${base}/push/registration`, {
      token: ornek,
      body: {
        connection: [
          {
            url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/x`,
            type: 'EPOSTA',
            username: 'u',
            password: 'p',
          },
        ],
      },
    });
    open.close();
    expect(r.status).toBe(422);
    expect(r.body.errors[0].code).toBe('H530');
    const list = await sys.call('GET', `${base}/push/registration`, { token: ornek });
    expect(list.body[0]).toMatchObject({ type: 'EPOSTA', status: 'Bağlantı Oluşturulamadı' });
    await sys.call('POST', `${base}/push/unregistration`, {
      token: ornek,
      body: { url: list.body[0].url, type: 'EPOSTA', username: 'u', password: 'p' },
    });
  });

  it('makes a connection after the test payload is accepted', async () => {
    const r = await sys.call('POST', `${base}/push/registration`, {
      token: ornek,
      body: {
        connection: [{ url: receiverUrl, type: 'MESAJ', username: 'push-user', password: 'push-pass-1' }],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ message: 'Bağlantı oluşturuldu' });
    expect(received.some((x) => x.body.includes('pushtest@iys.org.tr'))).toBe(true);
    const list = await sys.call('GET', `${base}/push/registration`, { token: ornek });
    expect(list.body).toEqual([
      {
        url: receiverUrl,
        type: 'MESAJ',
        status: 'Bağlantı Oluşturuldu',
        registerTime: expect.stringMatching(/^2026-11-25 10:/),
      },
    ]);
  });
});

describe('push deliveries', () => {
  it('delivers IYS_* movements only, signed, retrying a flaky receiver until it answers and then stopping', async () => {
    received.length = 0;
    const phone = '+905324445566';
    for (const type of ['MESAJ', 'ARAMA']) {
      await sys.call('POST', `${base}/consents`, {
        token: ornek,
        body: {
          recipient: phone,
          type,
          source: 'HS_WEB',
          status: 'ONAY',
          consentDate: '2026-11-24 09:00:00',
          recipientType: 'BIREYSEL',
        },
      });
    }
    await sys.drain();
    expect(received).toHaveLength(0); // HS movements are not pushed
    failNext = 2;
    const token = await citizenSession(sys, phone);
    for (const type of ['MESAJ', 'ARAMA']) {
      const r = await sys.call('POST', '/citizen/consents', {
        token,
        body: { iysCode: 700001, brandCode: 700001, type, status: 'RET' },
      });
      expect(r.status).toBe(200);
    }
    await sys.drain();
    const payloads = received.filter((x) => !x.body.includes('pushtest'));
    expect(payloads).toHaveLength(3); // two refusals, one success, then nothing more
    const last = payloads.at(-1)!;
    const body = JSON.parse(last.body);
    expect(body.list).toHaveLength(1); // only the MESAJ connection: ARAMA has none
    expect(body.list[0]).toMatchObject({
      iysCode: 700001,
      brandCode: 700001,
      recipient: phone,
      type: 'MESAJ',
      status: 'RET',
      source: 'IYS_WEB',
    });
    const [t, v1] = last.signature!.split(',').map((p) => p.split('=')[1]);
    expect(v1).toBe(createHmac('sha256', 'push-pass-1').update(`${t}.${last.body}`).digest('hex'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(received.filter((x) => !x.body.includes('pushtest'))).toHaveLength(3);
    const log = await sys.call('GET', `${base}/push/deliveries`, { token: ornek });
    expect(log.body.list.map((e: { outcome: string }) => e.outcome).sort()).toEqual([
      'DELIVERED',
      'FAILED',
      'FAILED',
    ]);
    expect(log.body.list.find((e: { outcome: string }) => e.outcome === 'DELIVERED').attempt).toBe(3);
    expect(maxConcurrent).toBeLessThanOrEqual(2);
  });

  it('removes a connection only with its credentials', async () => {
    const wrong = await sys.call('POST', `${base}/push/unregistration`, {
      token: ornek,
      body: { url: receiverUrl, type: 'MESAJ', username: 'push-user', password: 'nope' },
    });
    expect(wrong.body.errors[0]).toMatchObject({ code: 'H530', message: 'Bağlantı kaldırılamadı.' });
    const ok = await sys.call('POST', `${base}/push/unregistration`, {
      token: ornek,
      body: { url: receiverUrl, type: 'MESAJ', username: 'push-user', password: 'push-pass-1' },
    });
    expect(ok.body).toEqual({ message: 'Bağlantı Kaldırıldı' });
    expect((await sys.call('GET', `${base}/push/registration`, { token: ornek })).body).toEqual([]);
  });
});
