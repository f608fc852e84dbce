import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './harness.js';

let sys: TestSystem;
let hs: string;
const base = '/sps/700001/brands/700001';

beforeAll(async () => {
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' }); // a Wednesday
  hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
});
afterAll(async () => sys?.stop());

const phone = (i: number) => `+90532${String(2_000_000 + i)}`;
const consent = (i: number, over: Record<string, unknown> = {}) => ({
  recipient: phone(i),
  type: 'MESAJ',
  source: 'HS_WEB',
  status: 'ONAY',
  consentDate: '2026-11-24 09:00:00',
  recipientType: 'BIREYSEL',
  ...over,
});

describe('addBatchConsent: whole-request checks', () => {
  it('refuses 1,001 items with H091 and nothing is stored', async () => {
    const body = Array.from({ length: 1001 }, (_, i) => consent(i));
    const r = await sys.call('POST', `${base}/consents/request`, { token: hs, body });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      errors: [{ code: 'H091', message: 'İzin ekleme sayısı en fazla 1000 olmalıdır.' }],
    });
  });

  it('refuses an empty list and a non-list with H092', async () => {
    for (const body of [[], { recipient: phone(1) }]) {
      const r = await sys.call('POST', `${base}/consents/request`, { token: hs, body });
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e: { code: string }) => e.code)).toEqual(['H092']);
    }
  });

  it('reports duplicates (H194) and every item error with its index, all at once', async () => {
    const body = [
      consent(10),
      consent(10, { status: 'RET' }), // same (recipientType, type, recipient)
      consent(11, { type: undefined }),
      consent(12, { recipient: '905321234567' }),
      consent(13, { consentDate: '2042-02-10 09:30:00' }),
    ];
    const r = await sys.call('POST', `${base}/consents/request`, { token: hs, body });
    expect(r.status).toBe(422);
    const codes = r.body.errors.map((e: { code: string; index: number }) => `${e.index}:${e.code}`);
    expect(codes).toContain('1:H194');
    expect(codes).toContain('2:H111');
    expect(codes).toContain('3:H121');
    expect(codes).toContain('4:H162');
    expect(codes).not.toContain('0:H194');
    const dup = r.body.errors.find((e: { code: string }) => e.code === 'H194');
    expect(dup).toEqual({
      code: 'H194',
      message:
        'İzin listede daha önce tanımlandı. Liste içinde izinler alıcı tipi (recipientType), tip (type) ve alıcı (recipient) değerleri için tekrarlanamaz.',
      index: 1,
    });
  });
});

describe('addBatchConsent and searchRequestDetails', () => {
  // 1,000 items are accepted by the same check (unit test); against moto 200 keep the run short.
  it('accepts a batch (202), processes it through the queue, and reports success/failure per item', async () => {
    const body = Array.from({ length: 200 }, (_, i) =>
      i === 7 ? consent(100 + i, { status: 'RET' }) : consent(100 + i),
    );
    const r = await sys.call('POST', `${base}/consents/request`, { token: hs, body });
    expect(r.status).toBe(202);
    expect(r.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.subRequests).toHaveLength(200);
    expect(r.body.subRequests[0]).toMatchObject({
      recipient: phone(100),
      type: 'MESAJ',
      status: 'ONAY',
      source: 'HS_WEB',
      recipientType: 'BIREYSEL',
      consentDate: '2026-11-24 09:00:00',
    });
    expect(r.body.subRequests[0].creationDate).toMatch(/^2026-11-25 10:0\d:\d\d$/);
    await sys.drain();
    const d = await sys.call('GET', `${base}/consents/request/${r.body.requestId}`, { token: hs });
    expect(d.status).toBe(200);
    expect(d.body).toHaveLength(200);
    const failures = d.body.filter((x: { status: string }) => x.status === 'failure');
    expect(failures).toEqual([
      {
        index: 7,
        subrequestId: r.body.subRequests[7].subrequestId,
        status: 'failure',
        error: { code: 'H175', message: expect.any(String) },
      },
    ]);
    const ok = d.body[0];
    expect(ok).toMatchObject({ index: 0, status: 'success', requestId: r.body.requestId });
    expect(ok.transactionId).toMatch(/^[0-9a-f]{64}$/);
    // The consent exists and carries that transactionId.
    const s = await sys.call('POST', `${base}/consents/status`, {
      token: hs,
      body: { recipient: phone(100), recipientType: 'BIREYSEL', type: 'MESAJ' },
    });
    expect(s.body.transactionId).toBe(ok.transactionId);
  }, 180_000);

  it('answers enqueue before processing, [] for an unknown id, and İYS requestId errors', async () => {
    const r = await sys.call('POST', `${base}/consents/request`, { token: hs, body: [consent(3000)] });
    const before = await sys.call('GET', `${base}/consents/request/${r.body.requestId}`, { token: hs });
    // The local poller may already have taken it; both states are valid İYS answers.
    expect(['enqueue', 'success']).toContain(before.body[0].status);
    await sys.drain();
    const unknown = await sys.call('GET', `${base}/consents/request/00000000-0000-4000-8000-000000000000`, {
      token: hs,
    });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual([]);
    expect((await sys.call('GET', `${base}/consents/request/abcde`, { token: hs })).body.errors[0].code).toBe(
      'H199',
    );
    expect((await sys.call('GET', `${base}/consents/request/12345`, { token: hs })).body.errors[0].code).toBe(
      'H400',
    );
    const long = await sys.call('GET', `${base}/consents/request/${'a1'.repeat(19)}`, { token: hs });
    expect(long.status).toBe(422);
    expect(long.body.errors[0]).toMatchObject({ code: 'H198', location: ['requestId'] });
  });

  it('v2: a repeated consent creates no movement and points at the original batch item', async () => {
    const body = [consent(4000), consent(4001)];
    const first = await sys.call('POST', `/v2${base}/consents/request`, { token: hs, body });
    expect(first.status).toBe(202);
    await sys.drain();
    const second = await sys.call('POST', `/v2${base}/consents/request`, {
      token: hs,
      body: [consent(4000)],
    });
    await sys.drain();
    const d1 = (await sys.call('GET', `/v2${base}/consents/request/${first.body.requestId}`, { token: hs }))
      .body;
    const d2 = (await sys.call('GET', `/v2${base}/consents/request/${second.body.requestId}`, { token: hs }))
      .body;
    expect(d1[0].isAddConsentV2Service).toBeUndefined();
    expect(d2[0]).toMatchObject({
      status: 'success',
      transactionId: d1[0].transactionId,
      isAddConsentV2Service: true,
      originalRequestInformation: {
        requestId: first.body.requestId,
        subRequestId: first.body.subRequests[0].subrequestId,
      },
    });
    const h = await sys.call('POST', `${base}/consents/history`, {
      token: hs,
      body: { recipient: phone(4000), recipientType: 'BIREYSEL', type: 'MESAJ' },
    });
    expect(h.body.pagination.totalCount).toBe(1);
  });
});
