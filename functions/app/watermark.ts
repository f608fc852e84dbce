import type { ShardReader, StreamShard } from '../adapters/stream-records.js';
import type * as marks from '../adapters/watermark-store.js';

/**
 * The change feed's watermark: a second W such that every movement created at or before W is already
 * written: its movement item (history, feed, daily files) and its leaf in the evidence log. The feed serves
 * up to min(now − IYS_PULL_LAG_SECONDS, W), so a cursor never passes a movement that is not there yet,
 * however far behind the stream consumer is (docs/data-model.md, "Change feed").
 *
 * How W is known: this job follows every shard of the Consents stream with its own cursor and checks, for
 * each committed state that is a new movement, that its leaf is logged (the consumer logs a movement after
 * writing it). Per shard:
 * - it reaches a movement not logged yet, created at second c: later records of the shard commit after it,
 *   so they carry seconds ≥ c − margin, and the shard's frontier is c − margin − 1;
 * - it reaches the shard's end now (τ, taken before reading): later records carry seconds ≥ τ − margin;
 * - a closed shard read to its end no longer counts.
 * The margin bounds how long after its creation second a movement's stream record may appear: the batch path
 * stamps the second right before its conditional write (functions/app/consents-batch.ts).
 * W is the smallest frontier. Costs per run: one DescribeStream, per open shard one GetShardIterator and
 * one GetRecords per page of ≤ 1,000 records, one consistent BatchGetItem per 100 new movements, and one
 * PutItem per cursor that moved plus one for W.
 */
export interface WatermarkPorts {
  streamArn(): string;
  shards(streamArn: string): Promise<StreamShard[]>;
  reader(streamArn: string, shardId: string, after?: string): Promise<ShardReader>;
  cursors(): Promise<Map<string, marks.ShardCursor>>;
  putCursor(c: marks.ShardCursor): Promise<void>;
  /** Which of these transactions the provider's evidence log holds. */
  logged(iysCode: number, txns: string[]): Promise<Set<string>>;
  putWatermark(seconds: number, at: Date): Promise<void>;
  /** The registry's clock (creation seconds). */
  now(): Date;
  /** The stream's clock (its records' creation times), ms. */
  wallNow(): number;
  marginSeconds(): number;
}

interface MovementRef {
  iysCode: number;
  txn: string;
  cr: number;
}

/** A stream record that is a new movement (the same test as the consumer's, functions/app/movements.ts). */
function movementOf(r: {
  eventName: string;
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}): MovementRef | undefined {
  const n = r.newImage;
  if (r.eventName === 'REMOVE' || !n || n.kind !== 'STATE') return undefined;
  if (r.oldImage && r.oldImage.txn === n.txn) return undefined;
  return { iysCode: Number(n.iysCode), txn: String(n.txn), cr: Number(n.cr) };
}

export interface WatermarkRun {
  watermark: number;
  shards: number;
  recordsRead: number;
  /** Shards whose frontier is a movement not written yet. */
  waiting: number;
}

/** One run: reads every open shard from its cursor, moves the cursors, writes W. */
export async function advanceWatermark(
  ports: WatermarkPorts,
  opts: { maxPagesPerShard?: number } = {},
): Promise<WatermarkRun> {
  const now = ports.now();
  const tau = Math.floor(now.getTime() / 1000);
  // Stream times are the stream's clock; creation seconds the registry's (locally it may be pinned).
  const offset = Math.round((now.getTime() - ports.wallNow()) / 1000);
  const margin = ports.marginSeconds();
  const arn = ports.streamArn();
  const [shards, cursors] = await Promise.all([ports.shards(arn), ports.cursors()]);
  const frontiers: number[] = [];
  let recordsRead = 0;
  let waiting = 0;
  for (const shard of shards) {
    const before = cursors.get(shard.shardId);
    if (before?.done) continue;
    const cursor: marks.ShardCursor = { ...(before ?? { shardId: shard.shardId }) };
    const frontier = await followShard(ports, arn, cursor, opts.maxPagesPerShard ?? 20, {
      tau,
      offset,
      margin,
    });
    recordsRead += frontier.read;
    if (frontier.waiting) waiting++;
    if (frontier.seconds !== undefined) frontiers.push(frontier.seconds);
    if (cursor.after !== before?.after || Boolean(cursor.done) !== Boolean(before?.done))
      await ports.putCursor(cursor);
  }
  const watermark = frontiers.length ? Math.min(...frontiers) : tau - margin - 1;
  await ports.putWatermark(watermark, now);
  return { watermark, shards: shards.length, recordsRead, waiting };
}

async function followShard(
  ports: WatermarkPorts,
  arn: string,
  cursor: marks.ShardCursor,
  maxPages: number,
  t: { tau: number; offset: number; margin: number },
): Promise<{ seconds: number | undefined; read: number; waiting: boolean }> {
  let reader: ShardReader;
  let page: Awaited<ReturnType<ShardReader['next']>>;
  try {
    reader = await ports.reader(arn, cursor.shardId, cursor.after);
    page = await reader.next();
  } catch (e) {
    const name = (e as Error).name;
    if (name !== 'TrimmedDataAccessException' && name !== 'ExpiredIteratorException') throw e;
    // DynamoDB Local refuses an iterator taken on a shard that was empty then (aws/aws-sdk-java#2923), and
    // in AWS a cursor older than the stream's 24 hours is trimmed: start again from the oldest record. An
    // expired iterator is taken again from the cursor.
    reader = await ports.reader(
      arn,
      cursor.shardId,
      name === 'ExpiredIteratorException' ? cursor.after : undefined,
    );
    page = await reader.next();
  }
  let read = 0;
  let lastCreation: number | undefined;
  for (let n = 0; ; n++) {
    if (page.end) {
      cursor.done = true;
      return { seconds: undefined, read, waiting: false };
    }
    if (page.caughtUp) return { seconds: t.tau - t.margin - 1, read, waiting: false };
    read += page.records.length;
    const moves = page.records.map(movementOf);
    const byProvider = new Map<number, string[]>();
    for (const m of moves) {
      if (!m) continue;
      const list = byProvider.get(m.iysCode);
      if (list) list.push(m.txn);
      else byProvider.set(m.iysCode, [m.txn]);
    }
    const logged = new Set<string>();
    for (const [iysCode, txns] of byProvider)
      for (const txn of await ports.logged(iysCode, txns)) logged.add(txn);
    for (let i = 0; i < page.records.length; i++) {
      const m = moves[i];
      if (m && !logged.has(m.txn)) return { seconds: m.cr - t.margin - 1, read, waiting: true };
      cursor.after = page.records[i]!.sequenceNumber;
      lastCreation = page.records[i]!.approximateCreation;
    }
    if (n + 1 >= maxPages) break;
    page = await reader.next();
  }
  // Not at the end yet: the next record commits after the last one read.
  return { seconds: (lastCreation ?? t.tau) + t.offset - t.margin - 1, read, waiting: false };
}
