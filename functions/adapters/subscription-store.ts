import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Subscription } from '../domain/subscription.js';
import { documents } from './aws.js';
import { addOnce } from './counters.js';
import { env } from './env.js';

/**
 * Subscription data: the provider's subscription lives on its profile item (Registry `SP#{iysCode}`
 * `#PROFILE`, attribute `subscription`); the count of its recipient addresses (`usedConsentLimit`) is a
 * counter item `SP#{iysCode}` `#USAGE`, raised by the Consents stream once per new (address, provider)
 * recipient-index item (functions/app/movements.ts), exactly once per stream batch.
 */
const db = () => documents();

export async function usedAddresses(iysCode: number): Promise<number> {
  const r = await db().send(
    new GetCommand({
      TableName: env.registryTable(),
      Key: { pk: `SP#${iysCode}`, sk: '#USAGE' },
      ConsistentRead: true,
    }),
  );
  return Number(r.Item?.usedConsentLimit ?? 0);
}

/**
 * Adds newly held addresses to the provider's count exactly once per stream batch (`applyId`): the counter
 * update and a marker commit together; a redelivered batch finds the marker and changes nothing.
 */
export async function countAddressesOnce(applyId: string, iysCode: number, n: number): Promise<void> {
  await addOnce(
    env.registryTable(),
    { key: { pk: `USAGE#${applyId}`, sk: '#' }, kind: 'USAGE_APPLIED', ttlSeconds: 7 * 86400 },
    { key: { pk: `SP#${iysCode}`, sk: '#USAGE' }, deltas: { usedConsentLimit: n }, set: { kind: 'USAGE' } },
  );
}

/** Operator (and test) change of a provider's subscription. */
export async function setSubscription(iysCode: number, sub: Subscription): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: env.registryTable(),
        Key: { pk: `SP#${iysCode}`, sk: '#PROFILE' },
        UpdateExpression: 'SET subscription = :s',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':s': sub },
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}
