import { DeleteCommand, GetCommand, PutCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Grant } from '../domain/rights.js';
import type { Subscription } from '../domain/subscription.js';
import { documents } from './aws.js';
import { env } from './env.js';
import { open, seal } from './envelope.js';
import { putGrant as putGrantItem } from './registry-store.js';

/**
 * Registry items of onboarding and administration (Registry table):
 * - application  pk APP#{applicationId}  sk #   kind APPLICATION: status, type, documents, the dates, and
 *   the application itself sealed (dk, ct) under the registry key — envelope encryption with cached data
 *   keys (functions/adapters/envelope.ts; context {iysCode: 0, brandCode: 0}, aad = applicationId), so a
 *   list of applications costs one KMS Decrypt per data key, not per application. TTL `expiresAt` is the
 *   retention period (docs/onboarding.md).
 * - code sequence  pk SEQ#codes  sk #   the last iysCode / brandCode handed out (atomic counter).
 * - user flags and passwords, integrator subscriptions and grant removal (the items of registry-store.ts).
 */
const table = () => env.registryTable();
const db = () => documents();

export type ApplicationStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

export interface ApplicationItem {
  applicationId: string;
  status: ApplicationStatus;
  type: 'LEGAL' | 'REAL';
  createdAt: string;
  documents: { kind: string; key: string; required: boolean }[];
  dk: Uint8Array;
  ct: Uint8Array;
  expiresAt: number;
  decidedAt?: string;
  decidedBy?: string;
  reason?: string;
  /** Reserved before the provider is created, so a retried approval makes the same provider. */
  iysCode?: number;
  brandCodes?: number[];
}

const appKey = (id: string) => ({ pk: `APP#${id}`, sk: '#' });

export async function sealApplication(
  id: string,
  data: unknown,
): Promise<{ dk: Uint8Array; ct: Uint8Array }> {
  return seal(env.registryKey(), 0, 0, id, Buffer.from(JSON.stringify(data), 'utf8'));
}

export async function openApplication<T>(
  item: Pick<ApplicationItem, 'applicationId' | 'dk' | 'ct'>,
): Promise<T> {
  const plain = await open({ dk: item.dk, ct: item.ct }, 0, 0, item.applicationId);
  return JSON.parse(plain.toString('utf8')) as T;
}

export async function putApplication(a: ApplicationItem): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { ...appKey(a.applicationId), kind: 'APPLICATION', ...a },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getApplication(id: string): Promise<ApplicationItem | undefined> {
  const r = await db().send(new GetCommand({ TableName: table(), Key: appKey(id), ConsistentRead: true }));
  if (!r.Item) return undefined;
  const { pk: _pk, sk: _sk, kind: _kind, ...rest } = r.Item;
  return rest as ApplicationItem;
}

export async function listApplications(status?: ApplicationStatus): Promise<ApplicationItem[]> {
  const out: ApplicationItem[] = [];
  for await (const r of paginateQuery(
    { client: db() },
    {
      TableName: table(),
      IndexName: 'byKind',
      KeyConditionExpression: 'kind = :k',
      ...(status
        ? {
            FilterExpression: '#s = :s',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':k': 'APPLICATION', ':s': status },
          }
        : { ExpressionAttributeValues: { ':k': 'APPLICATION' } }),
    },
  )) {
    for (const i of r.Items ?? []) {
      const { pk: _pk, sk: _sk, kind: _kind, ...rest } = i;
      out.push(rest as ApplicationItem);
    }
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Reserves the codes of an approval once; a second call returns the codes reserved first. */
export async function reserveCodes(
  id: string,
  iysCode: number,
  brandCodes: number[],
): Promise<{ iysCode: number; brandCodes: number[] }> {
  const r = await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: appKey(id),
      UpdateExpression:
        'SET iysCode = if_not_exists(iysCode, :i), brandCodes = if_not_exists(brandCodes, :b)',
      ConditionExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':i': iysCode, ':b': brandCodes, ':pending': 'PENDING' },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return { iysCode: r.Attributes!.iysCode as number, brandCodes: r.Attributes!.brandCodes as number[] };
}

/** Records the decision; false when the application was decided meanwhile. */
export async function decideApplication(
  id: string,
  d: {
    status: 'APPROVED' | 'REJECTED';
    decidedAt: string;
    decidedBy: string;
    reason?: string;
    expiresAt: number;
  },
): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: appKey(id),
        UpdateExpression: `SET #s = :s, decidedAt = :at, decidedBy = :by, expiresAt = :exp${d.reason ? ', reason = :r' : ''}`,
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':s': d.status,
          ':at': d.decidedAt,
          ':by': d.decidedBy,
          ':exp': d.expiresAt,
          ':pending': 'PENDING',
          ...(d.reason ? { ':r': d.reason } : {}),
        },
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/**
 * Next number of the registry's code sequence (iysCode and brand codes share it, so a new provider's
 * master brand code = its iysCode never collides with another brand). Starts above the seed's codes.
 */
export async function nextCode(): Promise<number> {
  const r = await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: 'SEQ#codes', sk: '#' },
      UpdateExpression: 'ADD lastCode :one SET kind = :k',
      ExpressionAttributeValues: { ':one': 1, ':k': 'SEQUENCE' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return 710_000 + Number(r.Attributes?.lastCode ?? 1);
}

// ---- users ----------------------------------------------------------------------------------------------

export interface UserSummary {
  username: string;
  actor: string;
  iysCode?: number;
  disabled?: boolean;
  owner?: boolean;
}

export async function listProviderUsers(iysCode: number): Promise<UserSummary[]> {
  const out: UserSummary[] = [];
  for await (const r of paginateQuery(
    { client: db() },
    {
      TableName: table(),
      IndexName: 'byKind',
      KeyConditionExpression: 'kind = :k',
      FilterExpression: 'iysCode = :i',
      ProjectionExpression: 'username, actor, iysCode, disabled, #o',
      ExpressionAttributeNames: { '#o': 'owner' },
      ExpressionAttributeValues: { ':k': 'USER', ':i': iysCode },
    },
  ))
    out.push(...((r.Items ?? []) as UserSummary[]));
  return out.sort((a, b) => a.username.localeCompare(b.username));
}

export async function updateUser(
  username: string,
  change: {
    disabled?: boolean;
    passwordHash?: string;
    owner?: boolean;
    passwordVersion?: number;
    tokenVersion?: number;
  },
): Promise<boolean> {
  const sets = Object.entries(change).filter(([, v]) => v !== undefined);
  if (!sets.length) return true;
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `USER#${username}`, sk: '#PROFILE' },
        UpdateExpression: `SET ${sets.map(([k]) => `#${k} = :${k}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(sets.map(([k]) => [`#${k}`, k])),
        ExpressionAttributeValues: Object.fromEntries(sets.map(([k, v]) => [`:${k}`, v])),
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

// ---- integrators ----------------------------------------------------------------------------------------

export const putGrant = (integratorCode: number, g: Grant) => putGrantItem(integratorCode, g);

export async function removeGrant(integratorCode: number, iysCode: number, brandCode: number): Promise<void> {
  await db().send(
    new DeleteCommand({
      TableName: table(),
      Key: { pk: `INT#${integratorCode}`, sk: `GRANT#${iysCode}#${brandCode}` },
    }),
  );
}

export async function getIntegratorSubscription(
  integratorCode: number,
): Promise<{ subscription?: Subscription; createdAt: string } | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: table(), Key: { pk: `INT#${integratorCode}`, sk: '#PROFILE' } }),
  );
  if (!r.Item) return undefined;
  return {
    ...(r.Item.subscription ? { subscription: r.Item.subscription as Subscription } : {}),
    createdAt: (r.Item.subscriptionSince as string | undefined) ?? new Date(0).toISOString(),
  };
}

/** Gives an integrator its subscription once (a re-run keeps the first one). */
export async function ensureIntegratorSubscription(
  integratorCode: number,
  sub: Subscription,
  since: string,
): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `INT#${integratorCode}`, sk: '#PROFILE' },
      UpdateExpression:
        'SET subscription = if_not_exists(subscription, :s), subscriptionSince = if_not_exists(subscriptionSince, :t)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':s': sub, ':t': since },
    }),
  );
}
