import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from './aws.js';

/**
 * DynamoDB's batch calls done fully: BatchWriteItem in groups of 25 and BatchGetItem in groups of 100
 * (the service limits; moto does not enforce the first), with unprocessed items retried with backoff.
 */
const pause = (attempt: number) => new Promise((res) => setTimeout(res, 25 * 2 ** attempt));

/** Idempotent puts of many items. */
export async function putAll(table: string, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> = {
      [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    for (let attempt = 0; ; attempt++) {
      const r = await documents().send(new BatchWriteCommand({ RequestItems: request }));
      const left = r.UnprocessedItems ?? {};
      if (!Object.keys(left).length) break;
      if (attempt > 8) throw new Error('BatchWriteItem left unprocessed items');
      request = left as typeof request;
      await pause(attempt);
    }
  }
}

/** Reads many items by key; missing items are simply absent from the answer. */
export async function getAll<T>(
  table: string,
  keys: Record<string, unknown>[],
  projection?: { expression: string; names?: Record<string, string> },
  consistent = false,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<
      string,
      {
        Keys: Record<string, unknown>[];
        ProjectionExpression?: string;
        ExpressionAttributeNames?: Record<string, string>;
        ConsistentRead?: boolean;
      }
    > = {
      [table]: {
        Keys: keys.slice(i, i + 100),
        ...(consistent ? { ConsistentRead: true } : {}),
        ...(projection
          ? {
              ProjectionExpression: projection.expression,
              ...(projection.names ? { ExpressionAttributeNames: projection.names } : {}),
            }
          : {}),
      },
    };
    for (let attempt = 0; Object.keys(request).length; attempt++) {
      if (attempt > 8) throw new Error('BatchGetItem left unprocessed keys');
      const r = await documents().send(new BatchGetCommand({ RequestItems: request }));
      out.push(...((r.Responses?.[table] ?? []) as T[]));
      request = (r.UnprocessedKeys ?? {}) as typeof request;
      if (Object.keys(request).length) await pause(attempt);
    }
  }
  return out;
}
