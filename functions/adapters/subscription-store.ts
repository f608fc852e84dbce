import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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

/** A provider's subscription as an operator changes it: read consistently, with the version a change names. */
export interface SubscriptionRecord {
  subscription?: Subscription;
  version: number;
  createdAt: string;
}

/** One operator change, kept for good in the provider's subscription history (the audit record). */
export interface SubscriptionChange {
  iysCode: number;
  /** The version this change makes: the one before plus one. */
  version: number;
  changedAt: string;
  changedBy: string;
  reason: string;
  fields: string[];
  before: Subscription | null;
  after: Subscription | null;
  requestId: string;
}

const historyKey = (iysCode: number, version: number) => ({
  pk: `SP#${iysCode}`,
  sk: `SUBCHANGE#${String(version).padStart(9, '0')}`,
});

/** One consistent GetItem of the provider's profile (subscription, version, creation), or undefined. */
export async function subscriptionRecord(iysCode: number): Promise<SubscriptionRecord | undefined> {
  const r = await db().send(
    new GetCommand({
      TableName: env.registryTable(),
      Key: { pk: `SP#${iysCode}`, sk: '#PROFILE' },
      ConsistentRead: true,
      ProjectionExpression: 'subscription, subscriptionVersion, createdAt',
    }),
  );
  if (!r.Item) return undefined;
  return {
    ...(r.Item.subscription ? { subscription: r.Item.subscription as Subscription } : {}),
    version: Number(r.Item.subscriptionVersion ?? 0),
    createdAt: String(r.Item.createdAt),
  };
}

/**
 * Commits an operator change and its history item in one transaction, on the condition that the version is
 * still the one the change was made from: false when another change came first. Operator changes are rare,
 * so the transaction's doubled write cost (about 4 write units in all) does not matter; what does is that
 * the subscription never changes without its audit record.
 */
export async function recordSubscriptionChange(change: SubscriptionChange): Promise<boolean> {
  const previous = change.version - 1;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: env.registryTable(),
              Key: { pk: `SP#${change.iysCode}`, sk: '#PROFILE' },
              UpdateExpression: change.after
                ? 'SET subscription = :s, subscriptionVersion = :v'
                : 'REMOVE subscription SET subscriptionVersion = :v',
              ConditionExpression:
                previous === 0
                  ? 'attribute_exists(pk) AND (attribute_not_exists(subscriptionVersion) OR subscriptionVersion = :p)'
                  : 'attribute_exists(pk) AND subscriptionVersion = :p',
              ExpressionAttributeValues: {
                ':v': change.version,
                ':p': previous,
                ...(change.after ? { ':s': change.after } : {}),
              },
            },
          },
          {
            Put: {
              TableName: env.registryTable(),
              Item: { ...historyKey(change.iysCode, change.version), kind: 'SUBSCRIPTION_CHANGE', ...change },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'TransactionCanceledException') return false;
    throw e;
  }
}

/** A page of the history, newest first, older than `before` (a version): one Query. */
export async function subscriptionHistory(
  iysCode: number,
  limit: number,
  before?: number,
): Promise<SubscriptionChange[]> {
  const r = await db().send(
    new QueryCommand({
      TableName: env.registryTable(),
      KeyConditionExpression:
        before === undefined ? 'pk = :pk AND begins_with(sk, :h)' : 'pk = :pk AND sk BETWEEN :h AND :to',
      ExpressionAttributeValues: {
        ':pk': `SP#${iysCode}`,
        ':h': 'SUBCHANGE#',
        ...(before === undefined ? {} : { ':to': historyKey(iysCode, Math.max(0, before - 1)).sk }),
      },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map((i) => {
    const { pk: _pk, sk: _sk, kind: _kind, ...change } = i;
    return change as SubscriptionChange;
  });
}

/**
 * The transaction item that takes `n` credits from a provider's ViA or ViA PASS package on its profile, on
 * the condition that as many are left (never below zero). Unlimited packages (−1) are not written.
 */
export function creditSpend(iysCode: number, pkg: 'via' | 'viaPass', n: number) {
  return {
    Update: {
      TableName: env.registryTable(),
      Key: { pk: `SP#${iysCode}`, sk: '#PROFILE' },
      UpdateExpression: `SET subscription.${pkg}.credit = subscription.${pkg}.credit - :n`,
      ConditionExpression: `subscription.${pkg}.credit >= :n`,
      ExpressionAttributeValues: { ':n': n },
    },
  };
}
