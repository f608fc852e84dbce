import { ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/adapters/aws.js';
import { startTestSystem, type TestSystem } from './harness.js';

let sys: TestSystem;
let hs: string;
const base = '/sps/700001/brands/700001';

beforeAll(async () => {
  process.env.IYS_PULL_LAG_SECONDS = '0';
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
});
afterAll(async () => sys?.stop());

const consent = (over: Record<string, unknown>) => ({
  type: 'MESAJ',
  source: 'HS_WEB',
  status: 'ONAY',
  recipientType: 'BIREYSEL',
  ...over,
});

describe('concurrent writes on one consent', () => {
  it('never lose a movement and never let an older consentDate win', async () => {
    const recipient = '+905339998877';
    const first = await sys.call('POST', `${base}/consents`, {
      token: hs,
      body: consent({ recipient, consentDate: '2026-11-24 08:00:00' }),
    });
    expect(first.status).toBe(200);
    // 24 writers at once, each with its own minute, alternating ONAY/RET, in shuffled order.
    const writes = Array.from({ length: 24 }, (_, i) => ({
      recipient,
      status: i % 2 === 0 ? 'RET' : 'ONAY',
      consentDate: `2026-11-24 09:${String(i).padStart(2, '0')}:00`,
    }));
    const shuffled = [...writes].sort(
      (a, b) => ((a.consentDate.charCodeAt(15) * 7919) % 13) - ((b.consentDate.charCodeAt(15) * 7919) % 13),
    );
    const results = await Promise.all(
      shuffled.map((w) =>
        sys.call('POST', `${base}/consents`, { token: hs, body: consent(w) }).then((r) => ({ w, r })),
      ),
    );
    const accepted = results.filter((x) => x.r.status === 200);
    const refused = results.filter((x) => x.r.status !== 200);
    for (const x of refused) expect(['H178', 'H174']).toContain(x.r.body.errors[0].code);
    expect(accepted.length).toBeGreaterThan(0);

    await sys.drain();
    const history = await sys.call('POST', `${base}/consents/history?limit=100`, {
      token: hs,
      body: { recipient, recipientType: 'BIREYSEL', type: 'MESAJ' },
    });
    // Every accepted write is in the history, once; nothing else is.
    const txns = history.body.list.map((m: { transactionId: string }) => m.transactionId).sort();
    expect(txns).toEqual([first.body.transactionId, ...accepted.map((x) => x.r.body.transactionId)].sort());
    // consentDate never goes backwards along the history, and the state is the newest accepted date.
    const dates = history.body.list.map((m: { consentDate: string }) => m.consentDate);
    expect([...dates].sort().reverse()).toEqual(dates);
    const newest = accepted
      .map((x) => x.w.consentDate)
      .sort()
      .at(-1);
    const state = await sys.call('POST', `${base}/consents/status`, {
      token: hs,
      body: { recipient, recipientType: 'BIREYSEL', type: 'MESAJ' },
    });
    expect(state.body.consentDate).toBe(newest);
    expect(state.body.transactionId).toBe(history.body.list[0].transactionId);
    // No two consecutive RETs were recorded.
    const statuses = [...history.body.list].reverse().map((m: { status: string }) => m.status);
    for (let i = 1; i < statuses.length; i++)
      expect(statuses[i - 1] === 'RET' && statuses[i] === 'RET').toBe(false);
  });

  it('brand statistics follow the consents', async () => {
    await sys.drain();
    const brands = await sys.call('GET', '/sps/700001/brands', { token: hs });
    const stats = brands.body.find((b: { brandCode: number }) => b.brandCode === 700001).stats.consents;
    expect(stats.total).toBe(1);
    expect(stats.approval + stats.rejection).toBe(1);
  });
});

describe('nothing in the tables is readable without KMS', () => {
  it('scans every table and bucket and finds no address in plain text', async () => {
    const addresses = ['+905321234567', '905321234567', '5321234567', 'gizli.kisi@example.com', 'gizli.kisi'];
    await sys.call('POST', `${base}/consents`, {
      token: hs,
      body: consent({ recipient: '+905321234567', consentDate: '2026-11-24 10:00:00' }),
    });
    await sys.call('POST', `${base}/consents`, {
      token: hs,
      body: consent({
        recipient: 'Gizli.Kisi@Example.com',
        type: 'EPOSTA',
        consentDate: '2026-11-24 10:00:00',
      }),
    });
    await sys.drain();
    const { TableNames } = await dynamo().send(new ListTablesCommand({}));
    let scanned = 0;
    for (const TableName of TableNames ?? []) {
      let start: Record<string, unknown> | undefined;
      do {
        const r = await dynamo().send(new ScanCommand({ TableName, ExclusiveStartKey: start as never }));
        for (const item of r.Items ?? []) {
          scanned++;
          // Binary attributes are checked as bytes too (latin1 keeps every byte).
          const text = JSON.stringify(item, (_k, v) =>
            v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v,
          );
          for (const a of addresses) expect(text.toLowerCase()).not.toContain(a.toLowerCase());
        }
        start = r.LastEvaluatedKey;
      } while (start);
    }
    expect(scanned).toBeGreaterThan(20);
    // The pipeline found the consents (so the scan looked at real data).
    const s = await sys.call('POST', `${base}/consents/status`, {
      token: hs,
      body: { recipient: 'gizli.kisi@example.com', recipientType: 'BIREYSEL', type: 'EPOSTA' },
    });
    expect(s.body.recipient).toBe('gizli.kisi@example.com');
    void ListObjectsV2Command;
  });
});
