import {
  CreateTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { dynamo, streams } from '../../functions/adapters/aws.js';

/**
 * The local stand-in for Lambda's DynamoDB Streams event source mapping: reads each shard in order, hands
 * batches to the handler, and on a failure delivers the same batch again (the same records, as Lambda does
 * without bisecting: the consumer's per-batch idempotency, keyed by the batch's first record, relies on it).
 *
 * Like the event source mapping, it keeps its place outside the process: before each batch is handed over,
 * the batch's first and last sequence numbers are written to a table of its own in the same DynamoDB
 * (`{table}-stream-positions`, local only, created here), and marked handled once the handler succeeded. A
 * system started again over the same emulator state (after a crash, or a restart against a persistent
 * emulator) delivers a batch that was handed over but not handled again, exactly, and goes on after the
 * last one, instead of reading the stream again from its trim horizon, where differently cut batches would
 * count brand statistics and addresses a second time (bench/crash.ts found it).
 */
type StreamHandler = (event: DynamoDBStreamEvent) => Promise<void>;

export interface StreamPoller {
  /** Resolves once every record written so far has been handled (at once while paused). */
  drain(): Promise<void>;
  /** Stops handing records to the handler until `resume` (tests of a consumer that falls behind). */
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<void>;
}

export async function startStreamPoller(
  tableName: string,
  handler: StreamHandler,
  opts: { batchSize?: number; intervalMs?: number; kinds?: string[] } = {},
): Promise<StreamPoller> {
  const table = await dynamo().send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${tableName} has no stream`);
  const positions = await streamPositions(`${tableName}-stream-positions`, streamArn);
  /** Per shard, the last batch an earlier process handed over (delivered again, exactly, if not handled). */
  const resume = await positions.load();
  const iterators = new Map<string, string | undefined>();
  /** Per shard, a batch that failed: delivered again as it was (not read again, which could cut it longer). */
  const pending = new Map<string, { all: _Record[]; next: string | undefined }>();
  /** The last sequence number handled per shard: a lost iterator is taken again from there. */
  const handledUpTo = new Map<string, string>();
  let stopped = false;
  let paused = false;
  let wake: () => void = () => {};
  let busy: Promise<number> | undefined;
  let failures = 0;
  /** The last pass read a full batch from some shard: more is waiting, so the next pass does not wait. */
  let full = false;

  async function refreshShards() {
    const d = await streams().send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of d.StreamDescription?.Shards ?? []) {
      if (iterators.has(shard.ShardId!)) continue;
      const saved = resume.get(shard.ShardId!);
      resume.delete(shard.ShardId!);
      try {
        if (saved?.handled) {
          iterators.set(shard.ShardId!, await iteratorAfter(shard.ShardId!, saved.to));
          continue;
        }
        if (saved) {
          // Handed over by an earlier process that died before it was handled: the same batch again.
          const batch = await readExactly(shard.ShardId!, saved.from, saved.to);
          pending.set(shard.ShardId!, batch);
          iterators.set(shard.ShardId!, batch.next);
          continue;
        }
      } catch (e) {
        process.stderr.write(
          `stream poller: shard ${shard.ShardId} cannot resume at its saved position (${(e as Error).name}); reading it from its trim horizon\n`,
        );
      }
      const it = await streams().send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId!,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      iterators.set(shard.ShardId!, it.ShardIterator);
    }
  }

  /** The records from `from` to `to` of a shard (both included), and an iterator after `to`. */
  async function readExactly(shard: string, from: string, to: string) {
    const last = BigInt(to);
    const all: _Record[] = [];
    let iterator = (
      await streams().send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard,
          ShardIteratorType: 'AT_SEQUENCE_NUMBER',
          SequenceNumber: from,
        }),
      )
    ).ShardIterator;
    for (let reads = 0; iterator && reads < 1000; reads++) {
      const r = await streams().send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: opts.batchSize ?? 1000 }),
      );
      for (const rec of r.Records ?? []) if (BigInt(rec.dynamodb!.SequenceNumber!) <= last) all.push(rec);
      const seen = r.Records?.at(-1)?.dynamodb?.SequenceNumber;
      if (seen && BigInt(seen) >= last) break;
      iterator = r.NextShardIterator;
    }
    return { all, next: await iteratorAfter(shard, to) };
  }

  async function iteratorAfter(shard: string, sequenceNumber: string) {
    const r = await streams().send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard,
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        SequenceNumber: sequenceNumber,
      }),
    );
    return r.ShardIterator;
  }

  /**
   * GetRecords, taking the shard's iterator again after the last handled record when the one held is
   * refused: iterators expire after 15 minutes, and DynamoDB Local answers TrimmedDataAccessException to a
   * TRIM_HORIZON iterator taken while its shard was still empty (aws/aws-sdk-java#2923).
   */
  async function readShard(shard: string, iterator: string) {
    const limit = opts.batchSize ?? 1000;
    try {
      return await streams().send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
    } catch (e) {
      const name = (e as Error).name;
      if (name !== 'TrimmedDataAccessException' && name !== 'ExpiredIteratorException') throw e;
      const after = handledUpTo.get(shard);
      const again = await streams().send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard,
          ...(after
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
      return await streams().send(
        new GetRecordsCommand({ ShardIterator: again.ShardIterator, Limit: limit }),
      );
    }
  }

  async function pass(): Promise<number> {
    await refreshShards();
    let handled = 0;
    full = false;
    for (const [shard, iterator] of iterators) {
      let batch = pending.get(shard);
      if (!batch) {
        if (!iterator) continue;
        const r = await readShard(shard, iterator);
        batch = { all: r.Records ?? [], next: r.NextShardIterator };
      }
      // The event source mapping's filter (functions/specs/resources.ts `kinds`): other items' records never reach the
      // handler, and a batch of only those advances the iterator without an invocation.
      const all = batch.all;
      if (all.length >= (opts.batchSize ?? 1000)) full = true;
      const records = opts.kinds
        ? all.filter((rec) => opts.kinds!.includes(rec.dynamodb?.NewImage?.kind?.S ?? ''))
        : all;
      const from = all[0]?.dynamodb?.SequenceNumber;
      const to = all.at(-1)?.dynamodb?.SequenceNumber;
      if (records.length) {
        if (!pending.has(shard)) await positions.save(shard, from!, to!, false);
        const event = {
          Records: records.map((rec) => ({
            eventID: rec.eventID,
            eventName: rec.eventName,
            eventSource: 'aws:dynamodb',
            eventSourceARN: streamArn,
            dynamodb: rec.dynamodb,
          })),
        } as unknown as DynamoDBStreamEvent;
        try {
          await handler(event);
          failures = 0;
          await positions.save(shard, from!, to!, true);
        } catch (e) {
          failures++;
          process.stderr.write(
            `stream handler failed (${(e as Error).name}: ${String((e as Error).message).slice(0, 200)}); the batch will be delivered again\n`,
          );
          pending.set(shard, batch); // the same batch comes again
          if (failures > 20) throw e;
          continue;
        }
      }
      pending.delete(shard);
      if (all.length) {
        handled += all.length;
        handledUpTo.set(shard, all[all.length - 1]!.dynamodb!.SequenceNumber!);
      }
      iterators.set(shard, batch.next);
    }
    return handled;
  }

  function runPass(): Promise<number> {
    if (paused) return Promise.resolve(0);
    busy ??= pass().finally(() => {
      busy = undefined;
    });
    return busy;
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        await runPass();
      } catch (e) {
        process.stderr.write(`stream poller: ${(e as Error).name}\n`);
      }
      // Like MaximumBatchingWindowInSeconds: gather up to a second of records per batch (stop wakes it);
      // as Lambda invokes at once when a batch is full, a full batch is followed without waiting (else the
      // consumer could take at most a batch per second per shard and fall minutes behind a bulk file).
      if (full && !stopped && !paused) continue;
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, opts.intervalMs ?? 1000);
      });
    }
  })();

  return {
    async drain() {
      for (let i = 0; i < 1000; i++) {
        if (busy) await busy.catch(() => 0);
        if ((await runPass()) === 0) return;
      }
    },
    async pause() {
      paused = true;
      if (busy) await busy.catch(() => 0);
    },
    resume() {
      paused = false;
    },
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}

/**
 * Where the poller keeps its place (the event source mapping's checkpoint): one item per stream and shard,
 * the sequence numbers of the last batch handed over, and whether it was handled. A table of the local runtime alone (functions/ never
 * sees it), in the DynamoDB that holds the stream, so it lives and dies with the emulator's state.
 */
async function streamPositions(name: string, streamArn: string) {
  try {
    await dynamo().send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'stream', AttributeType: 'S' },
          { AttributeName: 'shard', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'stream', KeyType: 'HASH' },
          { AttributeName: 'shard', KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (e) {
    if ((e as Error).name !== 'ResourceInUseException') throw e;
  }
  return {
    async load(): Promise<Map<string, { from: string; to: string; handled: boolean }>> {
      const out = new Map<string, { from: string; to: string; handled: boolean }>();
      let start: Record<string, never> | undefined;
      do {
        const r = await dynamo().send(
          new QueryCommand({
            TableName: name,
            KeyConditionExpression: '#s = :s',
            ExpressionAttributeNames: { '#s': 'stream' },
            ExpressionAttributeValues: { ':s': { S: streamArn } },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const i of r.Items ?? [])
          out.set(i.shard!.S!, { from: i.from!.S!, to: i.to!.S!, handled: i.handled?.BOOL === true });
        start = r.LastEvaluatedKey as Record<string, never> | undefined;
      } while (start);
      return out;
    },
    /** The batch from..to is handed over (`handled` false) or was handled (true). */
    async save(shard: string, from: string, to: string, handled: boolean): Promise<void> {
      await dynamo().send(
        new PutItemCommand({
          TableName: name,
          Item: {
            stream: { S: streamArn },
            shard: { S: shard },
            from: { S: from },
            to: { S: to },
            handled: { BOOL: handled },
          },
        }),
      );
    },
  };
}
