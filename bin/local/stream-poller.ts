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
  /** Resolves once every record written so far has been handled. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStreamPoller(
  tableName: string,
  handler: StreamHandler,
  opts: { batchSize?: number; intervalMs?: number } = {},
): Promise<StreamPoller> {
  const table = await dynamo().send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${tableName} has no stream`);
  const iterators = new Map<string, string | undefined>();
  let stopped = false;
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

  async function pass(): Promise<number> {
    await refreshShards();
    let handled = 0;
    for (const [shard, iterator] of iterators) {
      if (!iterator) continue;
      const r = await streams().send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: opts.batchSize ?? 1000 }),
      );
      const records = r.Records ?? [];
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
        handled += records.length;
      }
      iterators.set(shard, r.NextShardIterator);
    }
    return handled;
  }

  function runPass(): Promise<number> {
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
      // Like MaximumBatchingWindowInSeconds: gather up to a second of records per batch.
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 1000));
    }
  })();

  return {
    async drain() {
      for (let i = 0; i < 1000; i++) {
        if (busy) await busy.catch(() => 0);
        if ((await runPass()) === 0) return;
      }
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
