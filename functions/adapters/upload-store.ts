import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { documents } from './aws.js';
import { getAll } from './dynamo-batch.js';
import { env } from './env.js';

/**
 * Bulk uploads in the Registry table (TTL `expiresAt`):
 * - upload  pk UPLOAD#{uploadId}  sk #          status, counters (ADD per finished chunk), e_{code} counts
 * - chunk   pk UPLOAD#{uploadId}  sk C#{index}  the chunk was applied and counted (written in the same
 *                                               transaction as the counters: a chunk counts once)
 * - dead    pk UPLOAD#{uploadId}  sk D#{index}  the chunk went to the DLQ
 * No addresses are stored here.
 */
export type UploadStatus = 'WAITING' | 'RECEIVED' | 'PROCESSING' | 'COMPLETED' | 'FAILED';

export interface UploadItem {
  uploadId: string;
  iysCode: number;
  brandCode: number;
  format: 'csv' | 'jsonl' | 'xlsx';
  sizeBytes: number;
  key: string;
  status: UploadStatus;
  reason?: { code: string; message: string };
  createdAt: string;
  expiresAt: number;
  partitions?: number;
  seen?: number;
  done?: number;
  success?: number;
  failure?: number;
  chunks?: number;
  chunksDone?: number;
  deadChunks?: number;
  splitDone?: boolean;
  splitLease?: number;
  reportKey?: string;
  [errorCount: `e_${string}`]: number;
}

export interface UploadStore {
  get(uploadId: string): Promise<UploadItem | undefined>;
  /** Applied and counted already? */
  chunkCounted(uploadId: string, index: number): Promise<boolean>;
  /** Marks the chunk and adds its counts, atomically; false when it was counted before. */
  countChunk(
    uploadId: string,
    index: number,
    c: { rows: number; success: number; failure: number; byCode: Record<string, number> },
  ): Promise<boolean>;
  markDead(uploadId: string, index: number): Promise<boolean>;
  finish(
    uploadId: string,
    status: 'COMPLETED' | 'FAILED',
    extra: { reportKey?: string; reason?: { code: string; message: string } },
  ): Promise<boolean>;
}

const table = () => env.registryTable();
const key = (uploadId: string, sk = '#') => ({ pk: `UPLOAD#${uploadId}`, sk });
const isConditional = (e: unknown) =>
  (e as Error).name === 'ConditionalCheckFailedException' ||
  ((e as Error).name === 'TransactionCanceledException' &&
    ((e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some(
      (r) => r.Code === 'ConditionalCheckFailed',
    ));

async function conditional(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if (isConditional(e)) return false;
    throw e;
  }
}

/** A brand's uploads, newest first: `UPLOADS#{iysCode}#{brandCode}` / `{createdAt}#{uploadId}` (kept as long as the upload). */
const brandKey = (iysCode: number, brandCode: number) => `UPLOADS#${iysCode}#${brandCode}`;

export async function createUpload(u: UploadItem): Promise<void> {
  await documents().send(
    new PutCommand({
      TableName: table(),
      Item: { ...key(u.uploadId), kind: 'UPLOAD', ...u },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  // The brand's list (one small item more per upload): the console shows earlier uploads with their state.
  await documents().send(
    new PutCommand({
      TableName: table(),
      Item: {
        pk: brandKey(u.iysCode, u.brandCode),
        sk: `${u.createdAt}#${u.uploadId}`,
        kind: 'UPLOAD_REF',
        uploadId: u.uploadId,
        expiresAt: u.expiresAt,
      },
    }),
  );
}

/**
 * A brand's latest uploads, newest first: one Query of the brand's list and one BatchGetItem of the
 * uploads themselves (consistent, for their counters), ≤ 50.
 */
export async function listUploads(iysCode: number, brandCode: number, limit: number): Promise<UploadItem[]> {
  const r = await documents().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': brandKey(iysCode, brandCode) },
      ScanIndexForward: false,
      Limit: Math.min(Math.max(limit, 1), 50),
    }),
  );
  const ids = (r.Items ?? []).map((i) => i.uploadId as string);
  const items = await getAll<UploadItem>(
    table(),
    ids.map((id) => key(id)),
    undefined,
    true,
  );
  const byId = new Map(items.map((u) => [u.uploadId, u]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

export async function getUpload(uploadId: string): Promise<UploadItem | undefined> {
  const r = await documents().send(
    new GetCommand({ TableName: table(), Key: key(uploadId), ConsistentRead: true }),
  );
  return r.Item as UploadItem | undefined;
}

/**
 * The splitter's claim: one splitter at a time (a lease), only while the file has not been split to the
 * end, never after the upload ended. Duplicate S3 events and redeliveries find the claim taken or done.
 */
export function claimSplit(
  uploadId: string,
  nowMs: number,
  leaseMs: number,
  partitions: number,
): Promise<boolean> {
  return conditional(() =>
    documents().send(
      new UpdateCommand({
        TableName: table(),
        Key: key(uploadId),
        UpdateExpression: 'SET #s = :received, splitLease = :lease, #p = if_not_exists(#p, :p)',
        ConditionExpression:
          'attribute_exists(pk) AND #s IN (:waiting, :received, :processing) AND attribute_not_exists(splitDone) AND (attribute_not_exists(splitLease) OR splitLease < :now)',
        ExpressionAttributeNames: { '#s': 'status', '#p': 'partitions' },
        ExpressionAttributeValues: {
          ':received': 'RECEIVED',
          ':waiting': 'WAITING',
          ':processing': 'PROCESSING',
          ':lease': nowMs + leaseMs,
          ':now': nowMs,
          ':p': partitions,
        },
      }),
    ),
  );
}

/** Live progress of the split: rows read so far (absolute, so a re-split never counts twice). */
export function setSeen(uploadId: string, seen: number): Promise<boolean> {
  return conditional(() =>
    documents().send(
      new UpdateCommand({
        TableName: table(),
        Key: key(uploadId),
        UpdateExpression: 'SET seen = :n, #s = :processing',
        ConditionExpression: '#s IN (:received, :processing) AND (attribute_not_exists(seen) OR seen <= :n)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':n': seen, ':received': 'RECEIVED', ':processing': 'PROCESSING' },
      }),
    ),
  );
}

export function finishSplit(uploadId: string, chunks: number, seen: number): Promise<boolean> {
  return conditional(() =>
    documents().send(
      new UpdateCommand({
        TableName: table(),
        Key: key(uploadId),
        UpdateExpression: 'SET splitDone = :t, chunks = :c, seen = :n, #s = :processing REMOVE splitLease',
        ConditionExpression: '#s IN (:received, :processing)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':t': true,
          ':c': chunks,
          ':n': seen,
          ':received': 'RECEIVED',
          ':processing': 'PROCESSING',
        },
      }),
    ),
  );
}

export const awsUploadStore: UploadStore = {
  get: getUpload,
  async chunkCounted(uploadId, index) {
    const r = await documents().send(
      new GetCommand({ TableName: table(), Key: key(uploadId, `C#${index}`), ConsistentRead: true }),
    );
    return Boolean(r.Item);
  },
  countChunk(uploadId, index, c) {
    const names: Record<string, string> = {};
    const values: Record<string, number> = { ':rows': c.rows, ':s': c.success, ':f': c.failure, ':one': 1 };
    const adds = ['done :rows', 'success :s', 'failure :f', 'chunksDone :one'];
    Object.entries(c.byCode).forEach(([code, n], i) => {
      names[`#e${i}`] = `e_${code}`;
      values[`:e${i}`] = n;
      adds.push(`#e${i} :e${i}`);
    });
    return conditional(() =>
      documents().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table(),
                Item: {
                  ...key(uploadId, `C#${index}`),
                  kind: 'UPLOAD_CHUNK',
                  rows: c.rows,
                  expiresAt: expiry(),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: table(),
                Key: key(uploadId),
                UpdateExpression: `ADD ${adds.join(', ')}`,
                ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
                ExpressionAttributeValues: values,
              },
            },
          ],
        }),
      ),
    );
  },
  markDead(uploadId, index) {
    return conditional(() =>
      documents().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table(),
                Item: { ...key(uploadId, `D#${index}`), kind: 'UPLOAD_DEAD', expiresAt: expiry() },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: table(),
                Key: key(uploadId),
                UpdateExpression: 'ADD deadChunks :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
          ],
        }),
      ),
    );
  },
  finish(uploadId, status, extra) {
    return conditional(() =>
      documents().send(
        new UpdateCommand({
          TableName: table(),
          Key: key(uploadId),
          UpdateExpression: `SET #s = :status${extra.reportKey ? ', reportKey = :rk' : ''}${extra.reason ? ', reason = :reason' : ''} REMOVE splitLease`,
          ConditionExpression: 'attribute_exists(pk) AND #s IN (:waiting, :received, :processing)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':waiting': 'WAITING',
            ':received': 'RECEIVED',
            ':processing': 'PROCESSING',
            ...(extra.reportKey ? { ':rk': extra.reportKey } : {}),
            ...(extra.reason ? { ':reason': extra.reason } : {}),
          },
        }),
      ),
    );
  },
};

/** Uploads and their markers are kept 60 days, as İYS keeps batch results. */
export function expiry(nowMs = Date.now()): number {
  return Math.floor(nowMs / 1000) + 60 * 86400;
}

/** Outcomes of finished rounds of a chunk (sk R#{index}#{round}); see applyChunk in functions/app/bulk.ts. */
export const awsProgressStore = {
  async readRounds(
    uploadId: string,
    index: number,
  ): Promise<Map<number, { success: number; failures: { line: number; errors: never[] }[] }>> {
    const r = await documents().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': `UPLOAD#${uploadId}`, ':p': `R#${index}#` },
        ConsistentRead: true,
      }),
    );
    return new Map(
      (r.Items ?? []).map((i) => [
        Number(i.round),
        { success: i.success as number, failures: JSON.parse(i.failures as string) },
      ]),
    );
  },
  async writeRound(
    uploadId: string,
    index: number,
    round: number,
    v: { success: number; failures: unknown[] },
  ): Promise<void> {
    await documents().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...key(uploadId, `R#${index}#${round}`),
          kind: 'UPLOAD_ROUND',
          round,
          success: v.success,
          failures: JSON.stringify(v.failures),
          expiresAt: expiry(),
        },
      }),
    );
  },
};
