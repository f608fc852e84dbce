import { GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { documents } from './aws.js';
import { putAll } from './dynamo-batch.js';
import { env } from './env.js';

/**
 * İYS async batches in the Registry table (TTL `expiresAt`: 60 days, after which İYS answers an empty list):
 * - batch    pk BATCH#{iysCode}#{brandCode}#{requestId}  sk #            (version, count, subRequestIds)
 * - result   pk BATCH#{iysCode}#{brandCode}#{requestId}  sk I#{index}    (success / failure of one item)
 * - first    pk BTXN#{iysCode}#{brandCode}#{transactionId} sk #          (v2: which batch item recorded it)
 * An item without a result is still `enqueue`. No addresses are stored here.
 */
export interface BatchItem {
  requestId: string;
  iysCode: number;
  brandCode: number;
  version: 'v1' | 'v2';
  count: number;
  subRequestIds: string[];
  createdAt: string;
  expiresAt: number;
}

export interface ItemResult {
  index: number;
  status: 'success' | 'failure';
  transactionId?: string;
  creationDate?: string;
  error?: { code: string; message: string };
  /** v2: the item repeated a consent already recorded by this earlier batch item. */
  original?: { requestId: string; subRequestId: string };
  /** v2: the item repeated a consent already recorded (by addConsentV2 or a v2 batch). */
  repeated?: boolean;
}

const table = () => env.registryTable();
const pkOf = (iysCode: number, brandCode: number, requestId: string) =>
  `BATCH#${iysCode}#${brandCode}#${requestId}`;
const sortKey = (index: number) => `I#${String(index).padStart(4, '0')}`;

export async function putBatch(b: BatchItem): Promise<void> {
  await documents().send(
    new PutCommand({
      TableName: table(),
      Item: { pk: pkOf(b.iysCode, b.brandCode, b.requestId), sk: '#', kind: 'BATCH', ...b },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** The batch and every result recorded so far (one query, paginated). */
export async function readBatch(
  iysCode: number,
  brandCode: number,
  requestId: string,
): Promise<{ batch?: BatchItem; results: ItemResult[] }> {
  let batch: BatchItem | undefined;
  const results: ItemResult[] = [];
  for await (const r of paginateQuery(
    { client: documents() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pkOf(iysCode, brandCode, requestId) },
      ConsistentRead: true,
    },
  )) {
    for (const i of r.Items ?? []) {
      if (i.sk === '#') batch = i as unknown as BatchItem;
      else results.push(i as unknown as ItemResult);
    }
  }
  return { ...(batch ? { batch } : {}), results };
}

/** Records item results (idempotent: a redelivered slice writes the same results again). */
export async function putResults(
  iysCode: number,
  brandCode: number,
  requestId: string,
  results: ItemResult[],
  expiresAt: number,
): Promise<void> {
  const items = results.map((r) => ({
    pk: pkOf(iysCode, brandCode, requestId),
    sk: sortKey(r.index),
    kind: 'BATCH_RESULT',
    ...r,
    expiresAt,
  }));
  await putAll(table(), items);
}

/** v2: the batch item that first recorded a transactionId, if a v2 batch did. */
export async function firstRecorder(
  iysCode: number,
  brandCode: number,
  transactionId: string,
): Promise<{ requestId: string; subRequestId: string } | undefined> {
  const key = { pk: `BTXN#${iysCode}#${brandCode}#${transactionId}`, sk: '#' };
  const r = await documents().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
  if (r.Item) return { requestId: r.Item.requestId as string, subRequestId: r.Item.subRequestId as string };
  return undefined;
}

/** v2: remembers the first batch item that recorded a transactionId (first writer wins). */
export async function rememberRecorder(
  iysCode: number,
  brandCode: number,
  transactionId: string,
  mine: { requestId: string; subRequestId: string },
  expiresAt: number,
): Promise<void> {
  try {
    await documents().send(
      new PutCommand({
        TableName: table(),
        Item: {
          pk: `BTXN#${iysCode}#${brandCode}#${transactionId}`,
          sk: '#',
          kind: 'BATCH_TXN',
          ...mine,
          expiresAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (e) {
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
  }
}
