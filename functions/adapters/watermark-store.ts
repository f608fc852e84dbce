import { GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { documents } from './aws.js';
import { containerState } from './container.js';
import { env } from './env.js';

/**
 * The change feed's watermark in the Registry table (no stream there, so these writes feed nothing):
 * - pk WATERMARK#Consents  sk #              seconds: every movement created at or before it is written
 * - pk WATERMARK#Consents  sk SHARD#{id}     after: the job's cursor in that stream shard; done: closed and read
 * Readers cache the watermark for a second: a stale watermark is only a more cautious one.
 */
const pk = 'WATERMARK#Consents';
const table = () => env.registryTable();

export interface ShardCursor {
  shardId: string;
  after?: string;
  done?: boolean;
}

export async function shardCursors(): Promise<Map<string, ShardCursor>> {
  const out = new Map<string, ShardCursor>();
  const pages = paginateQuery(
    { client: documents() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':pk': pk, ':s': 'SHARD#' },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) {
    for (const i of page.Items ?? []) {
      const shardId = String(i.sk).slice(6);
      out.set(shardId, {
        shardId,
        ...(i.after ? { after: String(i.after) } : {}),
        ...(i.done ? { done: true } : {}),
      });
    }
  }
  return out;
}

export async function putShardCursor(c: ShardCursor): Promise<void> {
  await documents().send(
    new PutCommand({
      TableName: table(),
      Item: {
        pk,
        sk: `SHARD#${c.shardId}`,
        ...(c.after ? { after: c.after } : {}),
        ...(c.done ? { done: true } : {}),
        // A shard's records live 24 hours; its cursor a little longer.
        expiresAt: Math.floor(Date.now() / 1000) + 2 * 86400,
      },
    }),
  );
}

const lastRead = containerState(() => ({
  value: undefined as { seconds: number; readAt: number } | undefined,
}));

/** The watermark (unix seconds), 0 before the first run of the job. Cached for up to a second. */
export async function readWatermark(maxAgeMs = 1000): Promise<number> {
  const held = lastRead();
  if (held.value && Date.now() - held.value.readAt < maxAgeMs) return held.value.seconds;
  const r = await documents().send(new GetCommand({ TableName: table(), Key: { pk, sk: '#' } }));
  held.value = { seconds: Number(r.Item?.seconds ?? 0), readAt: Date.now() };
  return held.value.seconds;
}

export async function putWatermark(seconds: number, at: Date): Promise<void> {
  await documents().send(
    new PutCommand({ TableName: table(), Item: { pk, sk: '#', seconds, at: at.toISOString() } }),
  );
  lastRead().value = { seconds, readAt: Date.now() };
}
