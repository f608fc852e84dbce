import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startStreamPoller } from '../../../bin/local/stream-poller.js';

/**
 * The local stand-in for the event source mapping delivers a batch again exactly as it was, whether its
 * handler failed in this process or the process died while the batch was handed over (bench/crash.ts: a
 * restarted system read the stream again from its trim horizon, cut it into other batches, and the consumer's
 * per-batch statistics counted movements twice). A stream of one shard and the poller's positions table,
 * in memory.
 */
const ddb = mockClient(DynamoDBClient);
const streams = mockClient(DynamoDBStreamsClient);
const STREAM = 'arn:aws:dynamodb:local:000000000000:table/t/stream/1';
let records: { seq: string }[] = [];
const positions = new Map<string, Record<string, unknown>>();

const seq = (n: number) => String(1000 + n);
const append = (...ns: number[]) => {
  for (const n of ns) records.push({ seq: seq(n) });
};
/** The sequence numbers of each delivered batch. */
const batches = (events: DynamoDBStreamEvent[]) =>
  events.map((e) => e.Records.map((r) => Number(r.dynamodb!.SequenceNumber) - 1000));

beforeEach(() => {
  records = [];
  positions.clear();
  ddb.reset();
  streams.reset();
  ddb.on(DescribeTableCommand).resolves({ Table: { LatestStreamArn: STREAM } });
  ddb.on(CreateTableCommand).callsFake(() => {
    if (positions.size) throw Object.assign(new Error('exists'), { name: 'ResourceInUseException' });
    return {};
  });
  ddb.on(PutItemCommand).callsFake((input) => {
    positions.set(`${input.Item.stream.S}|${input.Item.shard.S}`, input.Item);
    return {};
  });
  ddb.on(QueryCommand).callsFake(() => ({ Items: [...positions.values()] }));
  streams.on(DescribeStreamCommand).resolves({ StreamDescription: { Shards: [{ ShardId: 's1' }] } });
  // An iterator is the index of the next record.
  streams.on(GetShardIteratorCommand).callsFake((input) => {
    const at = records.findIndex((r) => r.seq === input.SequenceNumber);
    const i = { TRIM_HORIZON: 0, AT_SEQUENCE_NUMBER: at, AFTER_SEQUENCE_NUMBER: at + 1 }[
      input.ShardIteratorType as string
    ];
    return { ShardIterator: `it:${i}` };
  });
  streams.on(GetRecordsCommand).callsFake((input) => {
    const i = Number(String(input.ShardIterator).slice(3));
    const slice = records.slice(i, i + (input.Limit ?? 1000));
    return {
      Records: slice.map((r) => ({
        eventID: r.seq,
        eventName: 'INSERT',
        dynamodb: { SequenceNumber: r.seq, NewImage: { kind: { S: 'STATE' } } },
      })),
      NextShardIterator: `it:${i + slice.length}`,
    };
  });
});
afterAll(() => {
  ddb.restore();
  streams.restore();
});

/** A poller whose loop waits long between passes: the test drives it with drain(). */
const poller = (handler: (e: DynamoDBStreamEvent) => Promise<void>) =>
  startStreamPoller('t', handler, { batchSize: 3, intervalMs: 60_000 });

async function until(f: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(f()).toBe(true);
}

describe('the local stream poller', () => {
  it('delivers a failed batch again as it was, even when more records arrived meanwhile', async () => {
    append(1, 2);
    const seen: DynamoDBStreamEvent[] = [];
    let fail = true;
    const p = await poller(async (e) => {
      seen.push(e);
      if (fail) throw new Error('boom');
    });
    await until(() => seen.length === 1);
    append(3, 4);
    fail = false;
    await p.drain();
    await p.stop();
    expect(batches(seen)).toEqual([
      [1, 2],
      [1, 2],
      [3, 4],
    ]);
  });

  it('follows a full batch at once, as Lambda invokes when a batch is full, and waits after a short one', async () => {
    append(1, 2, 3, 4, 5, 6, 7);
    const seen: DynamoDBStreamEvent[] = [];
    // The batching window is 60 s: only full batches may be followed within the test's second.
    const p = await poller(async (e) => {
      seen.push(e);
    });
    await until(() => seen.length === 3);
    append(8);
    await new Promise((r) => setTimeout(r, 200));
    await p.stop();
    // [7] was short: the loop then waits its window, so [8] is not read.
    expect(batches(seen)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('a new process delivers the batch the killed one had handed over, exactly, then goes on', async () => {
    append(1, 2, 3, 4, 5, 6);
    const first: DynamoDBStreamEvent[] = [];
    // The first process handles [1, 2, 3], a full batch, so it reads on at once, then dies while [4, 5, 6]
    // is handed over (its handler never returns).
    await poller(async (e) => {
      first.push(e);
      if (first.length > 1) await new Promise(() => {});
    });
    await until(() => first.length === 2);
    expect(batches(first)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    // (The first poller is never stopped: a killed process stops nothing.)
    append(7);
    const second: DynamoDBStreamEvent[] = [];
    const b = await poller(async (e) => {
      second.push(e);
    });
    await b.drain();
    await b.stop();
    // Before: the new process read from the trim horizon, [1, 2, 3], [4, 5, 6], [7] again (or, with another
    // batch size, batches that began elsewhere); now the interrupted batch again as it was, and what follows.
    expect(batches(second)).toEqual([[4, 5, 6], [7]]);
  });

  it('a new process after a clean stop goes on after the last handled batch', async () => {
    append(1, 2);
    const first: DynamoDBStreamEvent[] = [];
    const a = await poller(async (e) => {
      first.push(e);
    });
    await a.drain();
    await a.stop();
    append(3);
    const second: DynamoDBStreamEvent[] = [];
    const b = await poller(async (e) => {
      second.push(e);
    });
    await b.drain();
    await b.stop();
    expect(batches(first)).toEqual([[1, 2]]);
    expect(batches(second)).toEqual([[3]]);
  });
});
