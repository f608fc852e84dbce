import { describe, expect, it } from 'vitest';
import type { MovementItem, StateItem } from '../../../functions/adapters/consent-store.js';
import * as layout from '../../../functions/adapters/consent-store.js';
import { type MovementPorts, movementRecorder } from '../../../functions/app/movements.js';

/** The stream consumer's use case with in-memory fakes of its ports (no emulator). */
function fakes() {
  const calls = {
    movements: [] as MovementItem[][],
    markers: [] as Record<string, unknown>[][],
    addresses: [] as [string, number, number][],
    stats: [] as [string, number, number, { approval: number; rejection: number; total: number }][],
    sunk: [] as MovementItem[][],
  };
  const ports: MovementPorts = {
    putMovements: async (m) => calls.movements.push(m),
    putMarkers: async (m) => {
      calls.markers.push(m);
    },
    countAddresses: async (id, iys, n) => calls.addresses.push([id, iys, n]),
    addBrandStats: async (id, iys, brand, d) => calls.stats.push([id, iys, brand, d]),
    sinks: [
      async (m) => {
        calls.sunk.push(m);
      },
    ],
    layout,
  };
  return { calls, ports };
}

const cr = 1_790_000_000; // 2026-09-21, Turkey day 20260921
const txn = (n: number) => `${cr.toString(16)}${String(n).padStart(56, '0')}`;
const state = (status: 'ONAY' | 'RET', t: string, seq: number): StateItem => ({
  pk: 'C#700001#700001#idx',
  sk: 'S#BIREYSEL#MESAJ',
  kind: 'STATE',
  iysCode: 700001,
  brandCode: 700001,
  recipientType: 'BIREYSEL',
  type: 'MESAJ',
  status,
  source: 'HS_WEB',
  cr,
  txn: t,
  seq,
  refs: [],
  ridx: 'r',
  dk: new Uint8Array([1]),
  ct: new Uint8Array([2]),
});
const rindex = { pk: 'R#r', sk: '700001', kind: 'RINDEX', iysCode: 700001 } as unknown as StateItem;

describe('movement recorder', () => {
  it('a new consent: one movement to its page and the sinks, one more address, statistics, markers', async () => {
    const { calls, ports } = fakes();
    const r = await movementRecorder(ports).record(
      [{ newState: state('ONAY', txn(1), 1) }, { newState: rindex }],
      'seq-1',
    );
    expect(r.movements).toBe(1);
    expect(calls.movements[0]!.map((m) => [m.kind, m.txn, m.status])).toEqual([['MOVE', txn(1), 'ONAY']]);
    expect(calls.movements[0]![0]).not.toHaveProperty('ridx');
    expect(calls.sunk).toEqual(calls.movements);
    expect(calls.addresses).toEqual([['seq-1#700001', 700001, 1]]);
    expect(calls.stats).toEqual([['seq-1#700001', 700001, 700001, { approval: 1, rejection: 0, total: 1 }]]);
    expect(calls.markers[0]!.map((m) => m.pk).sort()).toEqual(['A#700001#700001#HS', 'D#20260921']);
  });

  it('a rejection moves one count from approvals to rejections; a rewrite of the same movement is none', async () => {
    const { calls, ports } = fakes();
    const recorder = movementRecorder(ports);
    await recorder.record([{ oldState: state('ONAY', txn(1), 1), newState: state('RET', txn(2), 2) }], 'b1');
    expect(calls.stats).toEqual([['b1#700001', 700001, 700001, { approval: -1, rejection: 1, total: 0 }]]);
    const again = await recorder.record(
      [{ oldState: state('RET', txn(2), 2), newState: { ...state('RET', txn(2), 3), retailerAccess: [1] } }],
      'b2',
    );
    expect(again.movements).toBe(0);
    expect(calls.movements).toHaveLength(1);
  });

  it('writes a marker once per recorder: a redelivered batch rewrites movements but not markers', async () => {
    const { calls, ports } = fakes();
    const recorder = movementRecorder(ports);
    const batch = [{ newState: state('ONAY', txn(1), 1) }];
    await recorder.record(batch, 'b1');
    await recorder.record(batch, 'b1');
    expect(calls.movements).toHaveLength(2);
    expect(calls.markers).toHaveLength(1);
    // A new system builds a new recorder, which knows no marker yet.
    await movementRecorder(ports).record(batch, 'b1');
    expect(calls.markers).toHaveLength(2);
  });
});
