import { describe, expect, it } from 'vitest';
import {
  type BatchSlice,
  batchIntake,
  batchReports,
  batchWorker,
  checkRequestId,
} from '../../../functions/app/batches.js';
import { consentUseCases } from '../../../functions/app/consents.js';
import { type ConsentWriter, consentWriter } from '../../../functions/app/consents-batch.js';
import { IysError } from '../../../functions/domain/errors.js';
import { memoryBatches } from './batch-fakes.js';
import { memoryConsents } from './consent-fakes.js';
import { refusal } from './refusal.js';

/**
 * The batch use cases over in-memory fakes: the batch store and queue (batch-fakes.ts) and, for the worker,
 * the real consent write path over the consent fakes (consent-fakes.ts), so repeats are the write path's own.
 */
const NOW = new Date('2026-06-02T11:00:00+03:00');
const T = { iysCode: 700001, brandCode: 700001 };
const DAYS_60 = 60 * 86400;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const item = (i: number, extra: Record<string, unknown> = {}) => ({
  recipient: `+9053212${String(i).padStart(5, '0')}`,
  type: 'MESAJ',
  source: 'HS_WEB',
  status: 'ONAY',
  consentDate: '2026-06-01 18:30:00',
  ...extra,
});

function setup(now = NOW) {
  const mem = memoryBatches();
  const consents = memoryConsents({ now });
  let clock = now;
  const tick = () => clock;
  return {
    mem,
    consents,
    setNow: (d: Date) => {
      clock = d;
      consents.setNow(d);
    },
    intake: batchIntake(mem.intakePorts(tick)),
    reports: batchReports(mem.reportPorts()),
    worker: (writer: ConsentWriter = consentWriter(consents.ports)) =>
      batchWorker(mem.workerPorts(writer, tick)),
  };
}

const slices = (mem: ReturnType<typeof memoryBatches>) =>
  mem.queue.map((m) => JSON.parse(m.body) as BatchSlice);

describe('accepting a batch', () => {
  it('stores the batch with every item enqueued, sends it in slices of 100, answers each sub-request', async () => {
    const { mem, intake } = setup();
    const body = Array.from({ length: 250 }, (_, i) => item(i));
    body[3] = item(3, { recipientType: 'TACIR' });
    const r = await intake.acceptBatch(T, body, 'v2');
    expect(r.requestId).toMatch(UUID);
    expect(r.subRequests).toHaveLength(250);
    expect(r.subRequests[0]).toEqual({
      subrequestId: expect.stringMatching(UUID),
      type: 'MESAJ',
      source: 'HS_WEB',
      recipient: '+905321200000',
      status: 'ONAY',
      consentDate: '2026-06-01 18:30:00',
      recipientType: 'BIREYSEL',
      creationDate: '2026-06-02 11:00:00',
    });
    expect(r.subRequests[3]!.recipientType).toBe('TACIR');
    expect(new Set(r.subRequests.map((s) => s.subrequestId)).size).toBe(250);

    expect([...mem.batches.values()]).toEqual([
      {
        requestId: r.requestId,
        iysCode: T.iysCode,
        brandCode: T.brandCode,
        version: 'v2',
        count: 250,
        subRequestIds: r.subRequests.map((s) => s.subrequestId),
        createdAt: NOW.toISOString(),
        expiresAt: NOW.getTime() / 1000 + DAYS_60,
      },
    ]);

    // One send, three slices, the items in order with their index and sub-request.
    expect(mem.calls.sends).toBe(1);
    const sent = slices(mem);
    expect(sent.map((s) => s.items.length)).toEqual([100, 100, 50]);
    for (const s of sent)
      expect(s).toMatchObject({ requestId: r.requestId, ...T, version: 'v2', acceptedAt: NOW.getTime() });
    const items = sent.flatMap((s) => s.items);
    expect(items.map((i) => i.index)).toEqual(body.map((_, i) => i));
    expect(items.map((i) => i.subrequestId)).toEqual(r.subRequests.map((s) => s.subrequestId));
    expect(items[7]!.body).toEqual(body[7]);
  });

  it('refuses the whole request with every item’s problem, storing and sending nothing', async () => {
    const { mem, intake } = setup();
    expect(await refusal(intake.acceptBatch(T, { not: 'a list' }, 'v1'))).toEqual({
      status: 400,
      codes: ['H092'],
    });
    const e = await intake
      .acceptBatch(T, [item(1), item(1), item(2, { status: 'BELKİ' })], 'v1')
      .catch((x: IysError) => x);
    expect(e).toBeInstanceOf(IysError);
    const errors = (e as IysError).errors;
    expect(errors.find((x) => x.code === 'H194')?.index).toBe(1);
    expect(errors.some((x) => x.index === 2)).toBe(true);
    expect(errors.some((x) => x.index === 0)).toBe(false);
    expect(mem.batches.size).toBe(0);
    expect(mem.calls.sends).toBe(0);
  });
});

describe('working a slice', () => {
  async function accepted(version: 'v1' | 'v2', body = [item(1), item(2)]) {
    const s = setup();
    const r = await s.intake.acceptBatch(T, body, version);
    return { ...s, r, slice: slices(s.mem)[0]! };
  }

  it('records the items with the consent write path and keeps each outcome for 60 days', async () => {
    const { mem, consents, worker, r, slice } = await accepted('v1');
    const results = await worker().processSlice(slice);
    expect(results).toEqual([
      {
        index: 0,
        status: 'success',
        transactionId: expect.stringMatching(/^[0-9a-f]{64}$/),
        creationDate: '2026-06-02 11:00:00',
      },
      {
        index: 1,
        status: 'success',
        transactionId: expect.stringMatching(/^[0-9a-f]{64}$/),
        creationDate: '2026-06-02 11:00:00',
      },
    ]);
    expect(consents.states.size).toBe(2);
    const kept = mem.results.get(`${T.iysCode}#${T.brandCode}#${r.requestId}`)!;
    expect([...kept.values()].map((x) => x.expiresAt)).toEqual([
      NOW.getTime() / 1000 + DAYS_60,
      NOW.getTime() / 1000 + DAYS_60,
    ]);
    // v1 items are repeats of their own job only: no first-recorder look-ups.
    expect(mem.calls.firstRecorder).toBe(0);
  });

  it('answers the same outcomes when the slice is delivered again, writing no new consent', async () => {
    const { consents, worker, slice, setNow } = await accepted('v1');
    const first = await worker().processSlice(slice);
    const writes = consents.calls.putStates;
    setNow(new Date(NOW.getTime() + 30_000));
    expect(await worker().processSlice(slice)).toEqual(first);
    expect(consents.calls.putStates).toBe(writes);
  });

  it('keeps a refused item as a failure with its first error, the others recorded', async () => {
    const { worker, slice } = await accepted('v1', [item(1), item(2, { retailerCode: 12345678 })]);
    const results = await worker().processSlice(slice);
    expect(results[0]!.status).toBe('success');
    expect(results[1]).toEqual({
      index: 1,
      status: 'failure',
      error: { code: 'H180', message: expect.stringContaining('retailerCode') },
    });
  });

  it('v2: remembers the first recorder; a redelivery is no repeat, another batch’s item is one', async () => {
    const { mem, worker, r, slice, intake } = await accepted('v2', [item(1)]);
    const [first] = await worker().processSlice(slice);
    expect(first).toEqual({
      index: 0,
      status: 'success',
      transactionId: expect.any(String),
      creationDate: '2026-06-02 11:00:00',
    });
    expect([...mem.recorders.values()]).toEqual([
      {
        requestId: r.requestId,
        subRequestId: r.subRequests[0]!.subrequestId,
        expiresAt: NOW.getTime() / 1000 + DAYS_60,
      },
    ]);
    // Delivered again: its own item recorded it, so no repeat.
    expect(await worker().processSlice(slice)).toEqual([first]);

    // The same item in a later batch: a repeat, naming the batch item that recorded it first.
    const again = await intake.acceptBatch(T, [item(1)], 'v2');
    const [second] = await worker().processSlice(slices(mem)[1]!);
    expect(second).toEqual({
      ...first,
      repeated: true,
      original: { requestId: r.requestId, subRequestId: r.subRequests[0]!.subrequestId },
    });
    expect(mem.recorders.size).toBe(1);
    const details = await batchReports(mem.reportPorts()).requestDetails(T, again.requestId, 'v2');
    expect(details).toEqual([
      {
        index: 0,
        subrequestId: again.subRequests[0]!.subrequestId,
        requestId: again.requestId,
        status: 'success',
        transactionId: first!.transactionId,
        creationDate: '2026-06-02 11:00:00',
        isAddConsentV2Service: true,
        originalRequestInformation: { requestId: r.requestId, subRequestId: r.subRequests[0]!.subrequestId },
      },
    ]);
  });

  it('v2: an item addConsentV2 recorded before the batch was accepted is a repeat without an original', async () => {
    const s = setup();
    const earlier = await consentUseCases(s.consents.ports).recordConsent(T, item(1), {
      actor: 'HS',
      now: NOW,
      repeat: { kind: 'v2' },
    });
    const later = new Date(NOW.getTime() + 10_000);
    s.setNow(later);
    await s.intake.acceptBatch(T, [item(1)], 'v2');
    const [r] = await s.worker().processSlice(slices(s.mem)[0]!);
    expect(r).toEqual({
      index: 0,
      status: 'success',
      transactionId: earlier.transactionId,
      creationDate: earlier.creationDate,
      repeated: true,
    });
    expect(s.mem.recorders.size).toBe(0);
  });

  it('v2: a repeat recorded in the batch’s own second with no recorder kept is remembered now', async () => {
    // The first delivery recorded the consent, then failed before it remembered the recorder.
    const { mem, consents, r, slice, worker } = await accepted('v2', [item(1)]);
    await consentWriter(consents.ports).recordConsents(T, [{ input: item(1), repeat: { kind: 'v2' } }], {
      actor: 'HS',
      now: NOW,
    });
    const [again] = await worker().processSlice(slice);
    expect(again!.repeated).toBeUndefined();
    expect([...mem.recorders.values()].map((x) => x.requestId)).toEqual([r.requestId]);
  });

  it('an infrastructure failure propagates and keeps nothing (the message is delivered again)', async () => {
    const { mem, worker, slice } = await accepted('v1');
    const broken: ConsentWriter = {
      recordConsents: async () => {
        throw new Error('DynamoDB unavailable');
      },
    };
    await expect(worker(broken).processSlice(slice)).rejects.toThrow('DynamoDB unavailable');
    expect(mem.calls.putResults).toBe(0);
  });

  it('a slice buried after its last delivery: its items without an outcome fail with H470', async () => {
    const body = Array.from({ length: 3 }, (_, i) => item(i));
    const { mem, worker, r, slice } = await accepted('v1', body);
    // One item's outcome was kept before the slice kept failing.
    await mem.store.putResults(
      T.iysCode,
      T.brandCode,
      r.requestId,
      [{ index: 1, status: 'success', transactionId: 't', creationDate: 'c' }],
      1,
    );
    await worker().burySlice(slice);
    const { results } = await mem.store.readBatch(T.iysCode, T.brandCode, r.requestId);
    expect(results.map((x) => [x.index, x.status, x.error?.code])).toEqual([
      [0, 'failure', 'H470'],
      [1, 'success', undefined],
      [2, 'failure', 'H470'],
    ]);
    expect(mem.results.get(`${T.iysCode}#${T.brandCode}#${r.requestId}`)!.get(0)!.expiresAt).toBe(
      NOW.getTime() / 1000 + DAYS_60,
    );
    // Buried again: nothing is left to write.
    const writes = mem.calls.putResults;
    await worker().burySlice(slice);
    expect(mem.calls.putResults).toBe(writes);
  });
});

describe('reporting on a batch (searchRequestDetails)', () => {
  it('checks the requestId as İYS does (H198, H199, H400)', async () => {
    const { reports } = setup();
    expect(await refusal(reports.requestDetails(T, 'a'.repeat(37), 'v1'))).toEqual({
      status: 422,
      codes: ['H198'],
    });
    expect(await refusal(reports.requestDetails(T, 'abcDEF', 'v1'))).toEqual({
      status: 422,
      codes: ['H199'],
    });
    expect(await refusal(reports.requestDetails(T, '123456', 'v1'))).toEqual({
      status: 422,
      codes: ['H400'],
    });
    expect(() => checkRequestId('abc123')).not.toThrow();
  });

  it('answers [] for a requestId it does not know (or no longer keeps), and for another brand’s', async () => {
    const { reports, intake } = setup();
    expect(await reports.requestDetails(T, 'f3a1c2d4-0000-4000-8000-000000000000', 'v1')).toEqual([]);
    const r = await intake.acceptBatch(T, [item(1)], 'v1');
    expect(await reports.requestDetails({ ...T, brandCode: 700002 }, r.requestId, 'v1')).toEqual([]);
  });

  it('one entry per item in index order: enqueue, failure with its error, success', async () => {
    const { mem, reports, intake } = setup();
    const r = await intake.acceptBatch(T, [item(0), item(1), item(2)], 'v1');
    const ids = r.subRequests.map((s) => s.subrequestId);
    await mem.store.putResults(
      T.iysCode,
      T.brandCode,
      r.requestId,
      [
        {
          index: 2,
          status: 'success',
          transactionId: 'tx',
          creationDate: '2026-06-02 11:00:01',
          repeated: true,
        },
        { index: 1, status: 'failure', error: { code: 'H180', message: 'm' } },
      ],
      1,
    );
    expect(await reports.requestDetails(T, r.requestId, 'v1')).toEqual([
      { index: 0, status: 'enqueue', subrequestId: ids[0] },
      { index: 1, subrequestId: ids[1], status: 'failure', error: { code: 'H180', message: 'm' } },
      // v1 answers no repeat information.
      {
        index: 2,
        subrequestId: ids[2],
        requestId: r.requestId,
        status: 'success',
        transactionId: 'tx',
        creationDate: '2026-06-02 11:00:01',
      },
    ]);
    // v2: a repeat without an original says only that it was one.
    expect((await reports.requestDetails(T, r.requestId, 'v2'))[2]).toEqual({
      index: 2,
      subrequestId: ids[2],
      requestId: r.requestId,
      status: 'success',
      transactionId: 'tx',
      creationDate: '2026-06-02 11:00:01',
      isAddConsentV2Service: true,
    });
  });
});

describe('a batch end to end', () => {
  it('accepted, worked slice by slice, reported as recorded', async () => {
    const { mem, intake, worker, reports } = setup();
    const body = Array.from({ length: 120 }, (_, i) => item(i));
    const r = await intake.acceptBatch(T, body, 'v1');
    const w = worker();
    const [a, b] = slices(mem);
    await w.processSlice(a!);
    const half = await reports.requestDetails(T, r.requestId, 'v1');
    expect(half.filter((d) => d.status === 'success')).toHaveLength(100);
    expect(half.filter((d) => d.status === 'enqueue').map((d) => d.index)).toEqual(
      Array.from({ length: 20 }, (_, i) => 100 + i),
    );
    await w.processSlice(b!);
    const done = await reports.requestDetails(T, r.requestId, 'v1');
    expect(done.map((d) => d.status)).toEqual(body.map(() => 'success'));
    expect(new Set(done.map((d) => (d as { transactionId: string }).transactionId)).size).toBe(120);
  });
});
