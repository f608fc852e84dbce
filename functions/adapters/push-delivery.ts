import { createHash, randomUUID } from 'node:crypto';
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documents, sqs } from './aws.js';
import { env } from './env.js';
import type { Sealed } from './envelope.js';
import { queueUrlOf, sendMessages } from './queues.js';

/**
 * Push storage and transport (Registry table):
 * - connection  pk PUSH#{iysCode}#{brandCode}  sk CONN#{type}#{SHA-256(url), 16 hex}: url, username, the
 *   password sealed under the provider's data key (it is needed to sign and authenticate deliveries),
 *   status, registerTime;
 * - slot        pk PUSHSLOT#{iysCode}#{brandCode}#{type}  sk 0|1: a lease (≤ 2 connections at once per
 *   brand and channel, across all workers);
 * - log         pk PUSHLOG#{iysCode}#{brandCode}  sk {ISO}#{id}: one line per delivery attempt, 30 days.
 */
export interface ConnectionItem {
  pk: string;
  sk: string;
  iysCode: number;
  brandCode: number;
  type: 'ARAMA' | 'MESAJ' | 'EPOSTA';
  url: string;
  username: string;
  password: Sealed;
  status: string;
  active: boolean;
  registerTime: string;
}

const table = () => env.registryTable();
export const connectionPk = (iysCode: number, brandCode: number) => `PUSH#${iysCode}#${brandCode}`;
export const connectionSk = (type: string, url: string) =>
  `CONN#${type}#${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;

export async function putConnection(c: ConnectionItem): Promise<void> {
  await documents().send(new PutCommand({ TableName: table(), Item: { ...c, kind: 'PUSH_CONN' } }));
}

export async function listConnections(iysCode: number, brandCode: number): Promise<ConnectionItem[]> {
  const r = await documents().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
      ExpressionAttributeValues: { ':pk': connectionPk(iysCode, brandCode), ':c': 'CONN#' },
      ConsistentRead: true,
    }),
  );
  return (r.Items ?? []) as ConnectionItem[];
}

export async function getConnection(pk: string, sk: string): Promise<ConnectionItem | undefined> {
  const r = await documents().send(
    new GetCommand({ TableName: table(), Key: { pk, sk }, ConsistentRead: true }),
  );
  return r.Item as ConnectionItem | undefined;
}

export async function deleteConnection(pk: string, sk: string): Promise<void> {
  await documents().send(new DeleteCommand({ TableName: table(), Key: { pk, sk } }));
}

/** Takes one of `slots` leases for a brand and channel; undefined when all are held. */
export async function acquireSlot(
  scope: string,
  slots: number,
  nowSeconds: number,
  leaseSeconds: number,
): Promise<{ pk: string; sk: string; holder: string } | undefined> {
  const holder = randomUUID();
  for (let i = 0; i < slots; i++) {
    const key = { pk: `PUSHSLOT#${scope}`, sk: String(i) };
    try {
      await documents().send(
        new PutCommand({
          TableName: table(),
          Item: { ...key, kind: 'PUSH_SLOT', holder, expiresAt: nowSeconds + leaseSeconds },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
      return { ...key, holder };
    } catch (e) {
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    }
  }
  return undefined;
}

export async function releaseSlot(s: { pk: string; sk: string; holder: string }): Promise<void> {
  try {
    await documents().send(
      new DeleteCommand({
        TableName: table(),
        Key: { pk: s.pk, sk: s.sk },
        ConditionExpression: 'holder = :h',
        ExpressionAttributeValues: { ':h': s.holder },
      }),
    );
  } catch (e) {
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e; // the lease had expired
  }
}

export interface DeliveryLogEntry {
  at: string;
  url: string;
  type: string;
  movements: number;
  attempt: number;
  outcome: 'DELIVERED' | 'FAILED' | 'DEFERRED';
  httpStatus?: number;
  error?: string;
  ms: number;
}

export async function logDelivery(iysCode: number, brandCode: number, e: DeliveryLogEntry): Promise<void> {
  await documents().send(
    new PutCommand({
      TableName: table(),
      Item: {
        pk: `PUSHLOG#${iysCode}#${brandCode}`,
        sk: `${e.at}#${randomUUID()}`,
        kind: 'PUSH_LOG',
        ...e,
        expiresAt: Math.floor(Date.parse(e.at) / 1000) + 30 * 86400,
      },
    }),
  );
}

export async function deliveryLog(
  iysCode: number,
  brandCode: number,
  limit: number,
): Promise<DeliveryLogEntry[]> {
  const r = await documents().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `PUSHLOG#${iysCode}#${brandCode}` },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map(
    ({ pk: _p, sk: _s, kind: _k, expiresAt: _e, ...rest }) => rest as DeliveryLogEntry,
  );
}

export interface DeliveryMessage {
  conn: { pk: string; sk: string };
  iysCode: number;
  brandCode: number;
  type: string;
  moves: { pk: string; sk: string }[];
}

export async function enqueueDeliveries(messages: DeliveryMessage[]): Promise<void> {
  if (messages.length)
    await sendMessages(
      env.pushQueue(),
      messages.map((m) => ({ body: JSON.stringify(m) })),
    );
}

/** Keeps a failed delivery invisible for the backoff delay (Lambda leaves visibility alone on failure). */
export async function deferMessage(receiptHandle: string, seconds: number): Promise<void> {
  await sqs().send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: await queueUrlOf(env.pushQueue()),
      ReceiptHandle: receiptHandle,
      VisibilityTimeout: seconds,
    }),
  );
}

/** One HTTPS POST with a hard timeout; never throws (the outcome says what happened). */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ ok: boolean; status?: number; error?: 'TIMEOUT' | 'NETWORK' }> {
  try {
    const r = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    await r.arrayBuffer().catch(() => undefined);
    return { ok: r.status >= 200 && r.status < 300, status: r.status };
  } catch (e) {
    const name = (e as Error).name;
    return { ok: false, error: name === 'TimeoutError' || name === 'AbortError' ? 'TIMEOUT' : 'NETWORK' };
  }
}
