import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Subscription } from '../domain/subscription.js';
import { documents } from './aws.js';
import { env } from './env.js';

/**
 * Subscription data: the provider's subscription lives on its profile item (Registry `SP#{iysCode}`
 * `#PROFILE`, attribute `subscription`); the count of its recipient addresses (`usedConsentLimit`) is a
 * counter item `SP#{iysCode}` `#USAGE`, raised once per new address. An address is "new" for a provider
 * when its claim item (Consents table, `U#{iysCode}#{registryIndex}`, no address in it) is written for the
 * first time, so a retried or concurrent write of the same address never counts twice.
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

export async function addressClaimed(iysCode: number, ridx: string): Promise<boolean> {
  const r = await db().send(
    new GetCommand({ TableName: env.consentsTable(), Key: { pk: `U#${iysCode}#${ridx}`, sk: '#' } }),
  );
  return Boolean(r.Item);
}

/** Claims the address for the provider; when the claim is new, the provider's counter goes up by one. */
export async function claimAddress(iysCode: number, ridx: string): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: env.consentsTable(),
        Item: { pk: `U#${iysCode}#${ridx}`, sk: '#', kind: 'ADDRESS_CLAIM', iysCode },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
  await db().send(
    new UpdateCommand({
      TableName: env.registryTable(),
      Key: { pk: `SP#${iysCode}`, sk: '#USAGE' },
      UpdateExpression: 'ADD usedConsentLimit :one SET kind = :k',
      ExpressionAttributeValues: { ':one': 1, ':k': 'USAGE' },
    }),
  );
  return true;
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
