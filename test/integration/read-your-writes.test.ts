import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock } from '../../functions/adapters/clock.js';
import { startTestSystem, type TestSystem } from './harness.js';

/**
 * Reads right after writes while the stream consumer is held back (issue 11): history, detail and receipts
 * answer at once, and a cursor that follows the change feed never skips or repeats a movement, whatever the
 * consumer's delay.
 */
let sys: TestSystem;
let hs: string;
const base = '/sps/700001/brands/700001';

beforeAll(async () => {
  process.env.IYS_PULL_LAG_SECONDS = '0';
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
});
afterAll(async () => {
  await sys?.stop();
  delete process.env.IYS_PULL_LAG_SECONDS;
});

const phone = (i: number) => `+90532${String(10_000_000 + i).slice(1)}`;
const consent = (recipient: string, status: 'ONAY' | 'RET', consentDate: string) => ({
  recipient,
  type: 'MESAJ',
  source: 'HS_WEB',
  status,
  consentDate,
  recipientType: 'BIREYSEL',
});

describe('read your writes with the stream consumer held back', () => {
  it('history lists an ONAY and the RET right after it, detail shows the RET, receipts say when', async () => {
    await sys.pauseStream();
    try {
      for (let i = 0; i < 10; i++) {
        const recipient = phone(100 + i);
        const onay = await sys.call('POST', `${base}/consents`, {
          token: hs,
          body: consent(recipient, 'ONAY', '2026-11-24 09:00:00'),
        });
        expect(onay.status).toBe(200);
        const ret = await sys.call('POST', `${base}/consents`, {
          token: hs,
          body: consent(recipient, 'RET', '2026-11-24 09:30:00'),
        });
        expect(ret.status).toBe(200);
        const key = { recipient, recipientType: 'BIREYSEL', type: 'MESAJ' };
        const detail = await sys.call('POST', `${base}/consents/status`, { token: hs, body: key });
        expect(detail.body).toMatchObject({ status: 'RET', transactionId: ret.body.transactionId });
        const history = await sys.call('POST', `${base}/consents/history`, { token: hs, body: key });
        expect(history.body.pagination.totalCount).toBe(2);
        expect(
          history.body.list.map((m: { status: string; transactionId: string }) => m.transactionId),
        ).toEqual([ret.body.transactionId, onay.body.transactionId]);
        for (const txn of [onay.body.transactionId, ret.body.transactionId]) {
          const receipt = await sys.call('GET', `${base}/receipts/${txn}`, { token: hs });
          expect(receipt.status).toBe(202);
          expect(receipt.body).toMatchObject({
            status: 'PENDING',
            stage: 'NOT_LOGGED',
            retryAfterSeconds: 5,
          });
          expect(receipt.headers.get('retry-after')).toBe('5');
        }
      }
      // A transactionId nobody recorded is still unknown.
      const unknown = await sys.call('GET', `${base}/receipts/${'0'.repeat(64)}`, { token: hs });
      expect(unknown.status).toBe(404);
    } finally {
      sys.resumeStream();
    }
    advanceClock(3000);
    await sys.drain();
    const key = { recipient: phone(100), recipientType: 'BIREYSEL', type: 'MESAJ' };
    const history = await sys.call('POST', `${base}/consents/history`, { token: hs, body: key });
    expect(history.body.list.map((m: { status: string }) => m.status)).toEqual(['RET', 'ONAY']);
    const txn = history.body.list[1].transactionId;
    const logged = await sys.call('GET', `${base}/receipts/${txn}`, { token: hs });
    expect(logged.status).toBe(202);
    expect(logged.body).toMatchObject({ stage: 'NOT_SEALED', leafIndex: expect.any(Number) });
    await sys.call('POST', '/local/jobs/seal');
    expect((await sys.call('GET', `${base}/receipts/${txn}`, { token: hs })).status).toBe(200);
  });

  it('a cursor that follows the feed while the consumer stops and starts never skips or repeats', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    const page = async () => {
      for (;;) {
        const r = await sys.call(
          'GET',
          `${base}/consents/changes?source=HS&limit=7${after ? `&after=${after}` : ''}`,
          { token: hs },
        );
        if (r.status === 204) return;
        expect(r.status).toBe(200);
        for (const m of r.body.list) seen.push(m.transactionId);
        after = r.body.after;
      }
    };
    const written: string[] = [];
    const add = async (n: number) => {
      const r = await sys.call('POST', `${base}/consents`, {
        token: hs,
        body: consent(phone(1000 + n), 'ONAY', '2026-11-24 10:00:00'),
      });
      expect(r.status).toBe(200);
      written.push(r.body.transactionId);
    };
    // Writes that often share a second with one the cursor has already passed (a movement written after
    // the cursor moved beyond its second would be skipped), and rounds where the consumer is held back
    // while the feed is paged and the clock moves on, then let go.
    for (let round = 0; round < 12; round++) {
      const held = round % 3 === 1;
      if (held) await sys.pauseStream();
      for (let i = 0; i < 3; i++) {
        await add(round * 10 + i);
        await sys.drain();
        await page();
      }
      if (held) {
        advanceClock(1500);
        await sys.drain();
        await page();
        sys.resumeStream();
      }
    }
    advanceClock(5000);
    await sys.drain();
    await page();
    expect(new Set(seen).size).toBe(seen.length); // nothing twice
    // Everything written, once, and the same as a fresh read from the start.
    const fresh: string[] = [];
    after = undefined;
    const again = [...seen];
    seen.length = 0;
    await page();
    fresh.push(...seen);
    const mine = new Set(written);
    expect(again.filter((t) => mine.has(t)).sort()).toEqual([...written].sort());
    expect(again).toEqual(fresh);
  });
});
