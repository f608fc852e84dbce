import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { streams } from './aws.js';

/**
 * Reads a table's stream directly (DynamoDB Streams API), for the watermark job: it follows every shard
 * with its own cursor (a sequence number), independently of the Lambda event source mapping that feeds the
 * stream consumer. Costs: one DescribeStream per 100 shards, one GetShardIterator and one GetRecords (≤ 1,000
 * records, ≤ 1 MB) per shard and page.
 */
export interface StreamShard {
  shardId: string;
  parentShardId?: string;
  /** Set once the shard is closed (it takes no more records). */
  endingSequenceNumber?: string;
}

export interface StreamRecord {
  sequenceNumber: string;
  eventName: string;
  /** Seconds (the stream's own clock, rounded down). */
  approximateCreation: number;
  /** The images' top-level scalar attributes only (strings and numbers): what the job looks at. */
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}

export async function streamShards(streamArn: string): Promise<StreamShard[]> {
  const out: StreamShard[] = [];
  let start: string | undefined;
  do {
    const r = await streams().send(
      new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }),
    );
    for (const s of r.StreamDescription?.Shards ?? []) {
      out.push({
        shardId: s.ShardId!,
        ...(s.ParentShardId ? { parentShardId: s.ParentShardId } : {}),
        ...(s.SequenceNumberRange?.EndingSequenceNumber
          ? { endingSequenceNumber: s.SequenceNumberRange.EndingSequenceNumber }
          : {}),
      });
    }
    start = r.StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return out;
}

/**
 * Scalars only: the job reads kind, txn, cr and iysCode of every record in the stream, so it skips
 * unmarshalling binaries, sets and lists (ciphertexts, refs).
 */
const image = (i: Record<string, AttributeValue> | undefined) => {
  if (!i) return undefined;
  const out: Record<string, unknown> = {};
  for (const k in i) {
    const v = i[k]!;
    if (v.S !== undefined) out[k] = v.S;
    else if (v.N !== undefined) out[k] = Number(v.N);
  }
  return out;
};

function recordOf(r: _Record): StreamRecord {
  const d = r.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    sequenceNumber: d.SequenceNumber!,
    eventName: r.eventName ?? '',
    approximateCreation: created ? Math.floor(new Date(created).getTime() / 1000) : 0,
    ...(d.NewImage ? { newImage: image(d.NewImage as Record<string, AttributeValue>) } : {}),
    ...(d.OldImage ? { oldImage: image(d.OldImage as Record<string, AttributeValue>) } : {}),
  };
}

/** A shard's reader from a sequence number (exclusive) or from its oldest record. */
export interface ShardReader {
  /** The next page; `end` once a closed shard has nothing more, `caughtUp` when an open one has none now. */
  next(limit?: number): Promise<{ records: StreamRecord[]; end: boolean; caughtUp: boolean }>;
}

export async function shardReader(streamArn: string, shardId: string, after?: string): Promise<ShardReader> {
  const it = await streams().send(
    new GetShardIteratorCommand({
      StreamArn: streamArn,
      ShardId: shardId,
      ...(after
        ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
        : { ShardIteratorType: 'TRIM_HORIZON' }),
    }),
  );
  let iterator = it.ShardIterator;
  return {
    async next(limit = 1000) {
      if (!iterator) return { records: [], end: true, caughtUp: true };
      const r = await streams().send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
      iterator = r.NextShardIterator;
      const records = (r.Records ?? []).map(recordOf);
      return { records, end: !iterator && !records.length, caughtUp: !records.length };
    },
  };
}
