import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../../../functions/adapters/stream-records.js';
import type { ShardCursor } from '../../../functions/adapters/watermark-store.js';
import { advanceWatermark, type WatermarkPorts } from '../../../functions/app/watermark.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const T = NOW / 1000;

const state = (seq: number, txn: string, cr: number, old?: string): StreamRecord => ({
  sequenceNumber: String(seq).padStart(6, '0'),
  eventName: old ? 'MODIFY' : 'INSERT',
  approximateCreation: cr,
  newImage: { kind: 'STATE', iysCode: 700001, txn, cr },
  ...(old ? { oldImage: { kind: 'STATE', iysCode: 700001, txn: old, cr: cr - 1 } } : {}),
});
const other = (seq: number, cr: number): StreamRecord => ({
  sequenceNumber: String(seq).padStart(6, '0'),
  eventName: 'INSERT',
  approximateCreation: cr,
  newImage: { kind: 'MOVE', iysCode: 700001, txn: `m${seq}`, cr },
});

/** An in-memory stream: shards of records, some closed; the evidence log holds `logged`. */
function fake(shards: Record<string, { records: StreamRecord[]; closed?: boolean }>, logged: Set<string>) {
  const cursors = new Map<string, ShardCursor>();
  const written: number[] = [];
  let pageSize = 1000;
  const ports: WatermarkPorts = {
    streamArn: () => 'arn:stream',
    shards: async () =>
      Object.entries(shards).map(([shardId, s]) => ({
        shardId,
        ...(s.closed ? { endingSequenceNumber: 'x' } : {}),
      })),
    reader: async (_arn, shardId, after) => {
      const s = shards[shardId]!;
      let at = after ? s.records.findIndex((r) => r.sequenceNumber === after) + 1 : 0;
      return {
        async next(limit = 1000) {
          const page = s.records.slice(at, at + Math.min(limit, pageSize));
          at += page.length;
          const end = Boolean(s.closed) && !page.length;
          return { records: page, end, caughtUp: !page.length };
        },
      };
    },
    cursors: async () => new Map(cursors),
    putCursor: async (c) => {
      cursors.set(c.shardId, { ...c });
    },
    logged: async (_iys, txns) => new Set(txns.filter((t) => logged.has(t))),
    putWatermark: async (s) => {
      written.push(s);
    },
    now: () => new Date(NOW),
    wallNow: () => NOW,
    marginSeconds: () => 5,
  };
  return { ports, cursors, written, setPageSize: (n: number) => (pageSize = n) };
}

describe('the change feed watermark', () => {
  it('a caught-up stream: now − margin − 1, and the cursor moves past what was read', async () => {
    const f = fake({ a: { records: [state(1, 't1', T - 30), other(2, T - 30)] } }, new Set(['t1']));
    const r = await advanceWatermark(f.ports);
    expect(r.watermark).toBe(T - 6);
    expect(f.written).toEqual([T - 6]);
    expect(f.cursors.get('a')?.after).toBe('000002');
  });

  it('stops before the first movement not logged yet: its second − margin − 1, whatever comes after it', async () => {
    const f = fake(
      { a: { records: [state(1, 't1', T - 40), state(2, 't2', T - 20), state(3, 't3', T - 10)] } },
      new Set(['t1', 't3']),
    );
    const r = await advanceWatermark(f.ports);
    expect(r).toMatchObject({ watermark: T - 26, waiting: 1 });
    expect(f.cursors.get('a')?.after).toBe('000001'); // t2 is read again next time
  });

  it('the slowest shard decides; a closed shard read to its end no longer counts', async () => {
    const f = fake(
      {
        old: { records: [state(1, 'o1', T - 100)], closed: true },
        a: { records: [state(2, 'a1', T - 50)] },
        b: { records: [state(3, 'b1', T - 15)] },
      },
      new Set(['o1', 'a1']),
    );
    expect((await advanceWatermark(f.ports)).watermark).toBe(T - 21);
    expect(f.cursors.get('old')).toMatchObject({ done: true });
  });

  it('a state written again without a new movement (same transactionId) is not waited for', async () => {
    const f = fake({ a: { records: [state(1, 't1', T - 9, 't1')] } }, new Set());
    expect((await advanceWatermark(f.ports)).watermark).toBe(T - 6);
  });

  it('when the pages run out before the end: the last record read bounds what may follow', async () => {
    const records = Array.from({ length: 30 }, (_, i) => other(i + 1, T - 60 + i));
    const f = fake({ a: { records } }, new Set());
    f.setPageSize(10);
    const r = await advanceWatermark(f.ports, { maxPagesPerShard: 2 });
    expect(r.watermark).toBe(T - 60 + 19 - 6);
    expect(f.cursors.get('a')?.after).toBe('000020');
  });

  it('stream times are converted to the registry clock when that clock is pinned elsewhere', async () => {
    const records = Array.from({ length: 3 }, (_, i) => other(i + 1, T + 3600 + i)); // the stream's clock
    const f = fake({ a: { records } }, new Set());
    f.setPageSize(1);
    const ports = { ...f.ports, wallNow: () => NOW + 3600_000 };
    const r = await advanceWatermark(ports, { maxPagesPerShard: 2 });
    expect(r.watermark).toBe(T + 1 - 6);
  });
});
