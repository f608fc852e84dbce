import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { dynamo, streams } from '../../functions/adapters/aws.js';

/**
 * The local stand-in for Lambda's DynamoDB Streams event source mapping: reads each shard in order, hands
 * batches to the handler, and on a failure delivers the same batch again (the iterator only advances on
 * success), as Lambda does.
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
  const iterators = new Map<string, string | undefined>();
  /** The last sequence number handled per shard: a lost iterator is taken again from there. */
  const handledUpTo = new Map<string, string>();
  let stopped = false;
  let paused = false;
  let wake: () => void = () => {};
  let busy: Promise<number> | undefined;
  let failures = 0;

  async function refreshShards() {
    const d = await streams().send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of d.StreamDescription?.Shards ?? []) {
      if (iterators.has(shard.ShardId!)) continue;
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
    for (const [shard, iterator] of iterators) {
      if (!iterator) continue;
      const r = await readShard(shard, iterator);
      // The event source mapping's filter (functions/specs/resources.ts `kinds`): other items' records never reach the
      // handler, and a batch of only those advances the iterator without an invocation.
      const all = r.Records ?? [];
      const records = opts.kinds
        ? all.filter((rec) => opts.kinds!.includes(rec.dynamodb?.NewImage?.kind?.S ?? ''))
        : all;
      if (records.length) {
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
        } catch (e) {
          failures++;
          process.stderr.write(
            `stream handler failed (${(e as Error).name}: ${String((e as Error).message).slice(0, 200)}); the batch will be delivered again\n`,
          );
          if (failures > 20) throw e;
          continue; // keep the old iterator: the same batch comes again
        }
      }
      if (all.length) {
        handled += all.length;
        handledUpTo.set(shard, all[all.length - 1]!.dynamodb!.SequenceNumber!);
      }
      iterators.set(shard, r.NextShardIterator);
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
      // Like MaximumBatchingWindowInSeconds: gather up to a second of records per batch (stop wakes it).
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
