import { GetCommand, paginateQuery, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RetailerStatus } from '../domain/retailers.js';
import { documents } from './aws.js';
import { getAll } from './dynamo-batch.js';
import { env } from './env.js';

/**
 * Retailers in the Registry table (docs/onboarding.md):
 * - profile  pk SP#{iysCode}         sk RETAILER#{brandCode}#{retailerCode}  (fields, accessCount)
 * - code     pk RTL#{retailerCode}   sk #       {iysCode, brandCode, deleted?} — makes codes unique
 *   registry-wide; kept (deleted: true) after a delete so a code is never issued twice
 * - unique   pk SP#{iysCode}         sk RTLUQ#{brandCode}#{T|M}#{hmac}  — one TCKN / MERSIS per brand;
 *   the value is an HMAC under the registry index secret, so no identity number sits in a key
 * `accessCount` is the number of the brand's consents the retailer is tied to (broker or access list);
 * a retailer can be deleted only at 0.
 */
export interface RetailerItem {
  iysCode: number;
  brandCode: number;
  retailerCode: number;
  title: string;
  name: string;
  tckn: string;
  tin: string;
  mersis?: string;
  alias?: string;
  mobile?: string;
  city: { code: number; name: string };
  town: { code: number; name: string };
  status: RetailerStatus;
  accessCount: number;
  createdAt: string;
}

export interface RetailerCodeItem {
  retailerCode: number;
  iysCode: number;
  brandCode: number;
  deleted?: boolean;
}

const table = () => env.registryTable();
const db = () => documents();

export const retailerKeys = {
  profile: (iysCode: number, brandCode: number, code: number) => ({
    pk: `SP#${iysCode}`,
    sk: `RETAILER#${brandCode}#${code}`,
  }),
  code: (code: number) => ({ pk: `RTL#${code}`, sk: '#' }),
  unique: (iysCode: number, brandCode: number, kind: 'T' | 'M', hmac: string) => ({
    pk: `SP#${iysCode}`,
    sk: `RTLUQ#${brandCode}#${kind}#${hmac}`,
  }),
};

function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, kind: _kind, ...rest } = item;
  return rest as T;
}

export type CreateOutcome =
  | { ok: true }
  | { ok: false; reason: 'code-taken' | 'tckn-taken' | 'mersis-taken' };

/**
 * Writes a new retailer: profile, code claim and uniqueness claims commit together, and the brand's
 * retailer count goes up by one in the same transaction.
 */
export async function createRetailer(
  r: RetailerItem,
  unique: { tckn: { pk: string; sk: string }; mersis?: { pk: string; sk: string } },
  brandKey: { pk: string; sk: string },
): Promise<CreateOutcome> {
  const items = [
    {
      Put: {
        TableName: table(),
        Item: {
          ...retailerKeys.code(r.retailerCode),
          kind: 'RETAILER_CODE',
          retailerCode: r.retailerCode,
          iysCode: r.iysCode,
          brandCode: r.brandCode,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: table(),
        Item: { ...unique.tckn, kind: 'RETAILER_UNIQUE', retailerCode: r.retailerCode },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...(unique.mersis
      ? [
          {
            Put: {
              TableName: table(),
              Item: { ...unique.mersis, kind: 'RETAILER_UNIQUE', retailerCode: r.retailerCode },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ]
      : []),
    {
      Put: {
        TableName: table(),
        Item: { ...retailerKeys.profile(r.iysCode, r.brandCode, r.retailerCode), kind: 'RETAILER', ...r },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: table(),
        Key: brandKey,
        UpdateExpression: 'ADD stats.retailers :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
  ];
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
    return { ok: true };
  } catch (e) {
    if ((e as Error).name !== 'TransactionCanceledException') throw e;
    const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    const failed = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
    if (failed(1)) return { ok: false, reason: 'tckn-taken' };
    if (unique.mersis && failed(2)) return { ok: false, reason: 'mersis-taken' };
    if (failed(0)) return { ok: false, reason: 'code-taken' };
    // Without reasons (some emulators), treat it as a code collision: the caller retries with a new code
    // and, after a few attempts, checks the uniqueness claims itself.
    return { ok: false, reason: 'code-taken' };
  }
}

export async function getUniqueClaim(key: { pk: string; sk: string }): Promise<number | undefined> {
  const r = await db().send(new GetCommand({ TableName: table(), Key: key }));
  return r.Item?.retailerCode as number | undefined;
}

export async function getRetailer(
  iysCode: number,
  brandCode: number,
  code: number,
): Promise<RetailerItem | undefined> {
  const r = await db().send(
    new GetCommand({
      TableName: table(),
      Key: retailerKeys.profile(iysCode, brandCode, code),
      ConsistentRead: true,
    }),
  );
  return strip<RetailerItem>(r.Item);
}

/** The brand's retailers in code order (profiles are small; a brand's list is read in pages of 1 MB). */
export async function listRetailers(iysCode: number, brandCode: number): Promise<RetailerItem[]> {
  const out: RetailerItem[] = [];
  for await (const r of paginateQuery(
    { client: db() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': `SP#${iysCode}`, ':p': `RETAILER#${brandCode}#` },
    },
  ))
    for (const i of r.Items ?? []) out.push(strip<RetailerItem>(i)!);
  return out.sort((a, b) => a.retailerCode - b.retailerCode);
}

/** Code claims of the given codes (100 per request). */
export async function getRetailerCodes(codes: number[]): Promise<RetailerCodeItem[]> {
  const items = await getAll<Record<string, unknown>>(table(), codes.map(retailerKeys.code));
  return items.map((i) => strip<RetailerCodeItem>(i)!);
}

export async function getRetailers(
  iysCode: number,
  brandCode: number,
  codes: number[],
): Promise<RetailerItem[]> {
  const items = await getAll<Record<string, unknown>>(
    table(),
    codes.map((c) => retailerKeys.profile(iysCode, brandCode, c)),
  );
  return items.map((i) => strip<RetailerItem>(i)!);
}

/** Adds per-retailer deltas to `accessCount` (one update per retailer; codes of deleted retailers are skipped). */
export async function addAccessCounts(
  iysCode: number,
  brandCode: number,
  delta: Map<number, number>,
): Promise<void> {
  await Promise.all(
    [...delta.entries()]
      .filter(([, d]) => d !== 0)
      .map(async ([code, d]) => {
        try {
          await db().send(
            new UpdateCommand({
              TableName: table(),
              Key: retailerKeys.profile(iysCode, brandCode, code),
              UpdateExpression: 'ADD accessCount :d',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':d': d },
            }),
          );
        } catch (e) {
          if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
        }
      }),
  );
}

/**
 * Deletes a retailer tied to no consent: the profile (only while accessCount is 0) and its uniqueness
 * claims go, the code claim stays as a tombstone, the brand's retailer count goes down. false when the
 * retailer is tied to a consent.
 */
export async function deleteRetailer(
  r: RetailerItem,
  unique: { pk: string; sk: string }[],
  brandKey: { pk: string; sk: string },
): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: table(),
              Key: retailerKeys.profile(r.iysCode, r.brandCode, r.retailerCode),
              ConditionExpression:
                'attribute_exists(pk) AND (attribute_not_exists(accessCount) OR accessCount <= :zero)',
              ExpressionAttributeValues: { ':zero': 0 },
            },
          },
          {
            Update: {
              TableName: table(),
              Key: retailerKeys.code(r.retailerCode),
              UpdateExpression: 'SET deleted = :t',
              ExpressionAttributeValues: { ':t': true },
            },
          },
          ...unique.map((k) => ({ Delete: { TableName: table(), Key: k } })),
          {
            Update: {
              TableName: table(),
              Key: brandKey,
              UpdateExpression: 'ADD stats.retailers :m',
              ExpressionAttributeValues: { ':m': -1 },
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

/**
 * Sets a consent's retailer ties on its state item, on top of the version read (`seq` is the state's
 * version: bumping it makes a concurrent recordConsent read again instead of overwriting the new ties).
 * No movement is made: the stream sees the same transactionId and skips it. 'conflict' → read again.
 */
export async function setConsentTies(
  key: { pk: string; sk: string },
  expectedSeq: number,
  ties: { retailerCode?: number; retailerAccess?: number[] },
): Promise<'ok' | 'conflict'> {
  const sets = ['seq = seq + :one'];
  const removes: string[] = [];
  const values: Record<string, unknown> = { ':one': 1, ':seq': expectedSeq };
  if (ties.retailerCode !== undefined) {
    sets.push('retailerCode = :rc');
    values[':rc'] = ties.retailerCode;
  } else removes.push('retailerCode');
  if (ties.retailerAccess?.length) {
    sets.push('retailerAccess = :ra');
    values[':ra'] = ties.retailerAccess;
  } else removes.push('retailerAccess');
  try {
    await db().send(
      new UpdateCommand({
        TableName: env.consentsTable(),
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: 'seq = :seq',
        ExpressionAttributeValues: values,
      }),
    );
    return 'ok';
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return 'conflict';
    throw e;
  }
}
