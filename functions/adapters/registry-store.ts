import {
  GetCommand,
  PutCommand,
  paginateQuery,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ActorKind } from '../domain/identity.js';
import type { Grant } from '../domain/rights.js';
import type { Subscription } from '../domain/subscription.js';
import { documents } from './aws.js';
import { addOnce } from './counters.js';
import { getAll } from './dynamo-batch.js';
import { env } from './env.js';

/**
 * The Registry table: providers, brands, users, integrators and their grants, refresh-token chains and
 * rate-limit counters. Key layout in docs/data-model.md.
 */
export interface ProviderItem {
  iysCode: number;
  title: string;
  dataKeyId: string;
  signingKeyId: string;
  /** The provider's blind-index secret, wrapped by its data key (context {iysCode, purpose}). */
  blindIndexKey: Uint8Array;
  createdAt: string;
  subscription?: Subscription;
}

export interface BrandStats {
  approval: number;
  rejection: number;
  total: number;
  retailers: number;
}

export interface BrandItem {
  iysCode: number;
  brandCode: number;
  name: string;
  master: boolean;
  shortNames: string[];
  stats?: BrandStats;
}

export interface UserItem {
  username: string;
  passwordHash: string;
  actor: ActorKind;
  iysCode?: number;
  integratorCode?: number;
  disabled?: boolean;
  /** Changes with every password change; refresh tokens of another version no longer work. */
  passwordVersion?: number;
  /** Changes when the user is disabled or its password changes: tokens of another version are refused. */
  tokenVersion?: number;
}

export interface IntegratorItem {
  integratorCode: number;
  title: string;
}

const table = () => env.registryTable();
const db = () => documents();

const keys = {
  provider: (iysCode: number) => ({ pk: `SP#${iysCode}`, sk: '#PROFILE' }),
  brand: (iysCode: number, brandCode: number) => ({
    pk: `SP#${iysCode}`,
    sk: `BRAND#${String(brandCode).padStart(12, '0')}`,
  }),
  brandOwner: (brandCode: number) => ({ pk: `BRAND#${brandCode}`, sk: '#OWNER' }),
  user: (username: string) => ({ pk: `USER#${username}`, sk: '#PROFILE' }),
  integrator: (code: number) => ({ pk: `INT#${code}`, sk: '#PROFILE' }),
  grant: (code: number, iysCode: number, brandCode: number) => ({
    pk: `INT#${code}`,
    sk: `GRANT#${iysCode}#${brandCode}`,
  }),
  refresh: (jti: string) => ({ pk: `REFRESH#${jti}`, sk: '#' }),
  rate: (name: string) => ({ pk: `RATE#${name}`, sk: '#' }),
};

function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, kind: _kind, ...rest } = item;
  return rest as T;
}

export async function getProvider(iysCode: number): Promise<ProviderItem | undefined> {
  const r = await db().send(new GetCommand({ TableName: table(), Key: keys.provider(iysCode) }));
  return strip<ProviderItem>(r.Item);
}

/** Creates the provider and its master brand together; false when the provider already exists. */
export async function createProvider(p: ProviderItem, master: BrandItem): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { ...keys.provider(p.iysCode), kind: 'PROVIDER', ...p },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          brandPut(master),
          brandOwnerPut(master),
        ],
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'TransactionCanceledException') return false;
    throw e;
  }
}

function brandPut(b: BrandItem) {
  return {
    Put: {
      TableName: table(),
      Item: { ...keys.brand(b.iysCode, b.brandCode), kind: 'BRAND', ...b },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
function brandOwnerPut(b: BrandItem) {
  return {
    Put: {
      TableName: table(),
      Item: {
        ...keys.brandOwner(b.brandCode),
        kind: 'BRAND_OWNER',
        iysCode: b.iysCode,
        brandCode: b.brandCode,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Adds a brand; false when the brand code is taken. */
export async function createBrand(b: BrandItem): Promise<boolean> {
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [brandPut(b), brandOwnerPut(b)] }));
    return true;
  } catch (e) {
    if ((e as Error).name === 'TransactionCanceledException') return false;
    throw e;
  }
}

export async function getBrand(iysCode: number, brandCode: number): Promise<BrandItem | undefined> {
  const r = await db().send(new GetCommand({ TableName: table(), Key: keys.brand(iysCode, brandCode) }));
  return strip<BrandItem>(r.Item);
}

export async function brandOwner(brandCode: number): Promise<number | undefined> {
  const r = await db().send(new GetCommand({ TableName: table(), Key: keys.brandOwner(brandCode) }));
  return r.Item?.iysCode as number | undefined;
}

export async function listBrands(iysCode: number): Promise<BrandItem[]> {
  const out: BrandItem[] = [];
  for await (const r of paginateQuery(
    { client: db() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)',
      ExpressionAttributeValues: { ':pk': `SP#${iysCode}`, ':b': 'BRAND#' },
    },
  ))
    for (const i of r.Items ?? []) out.push(strip<BrandItem>(i)!);
  return out;
}

/**
 * Adds deltas to a brand's statistics exactly once per `applyId` (a stream batch and brand): the update and
 * a marker item commit together, and a second attempt with the same id is a no-op.
 */
export async function addBrandStatsOnce(
  applyId: string,
  iysCode: number,
  brandCode: number,
  d: Partial<BrandStats>,
): Promise<void> {
  await addOnce(
    table(),
    { key: { pk: `STATS#${applyId}`, sk: '#' }, kind: 'STATS_APPLIED', ttlSeconds: 7 * 86400 },
    { key: keys.brand(iysCode, brandCode), within: 'stats', deltas: d, mustExist: true },
  );
}

export async function getUser(username: string): Promise<UserItem | undefined> {
  const r = await db().send(new GetCommand({ TableName: table(), Key: keys.user(username) }));
  return strip<UserItem>(r.Item);
}

/** Creates a user; false when the username is taken. */
export async function createUser(u: UserItem): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: { ...keys.user(u.username), kind: 'USER', ...u },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

export async function getIntegrator(code: number): Promise<IntegratorItem | undefined> {
  const r = await db().send(new GetCommand({ TableName: table(), Key: keys.integrator(code) }));
  return strip<IntegratorItem>(r.Item);
}

export async function putIntegrator(i: IntegratorItem): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { ...keys.integrator(i.integratorCode), kind: 'INTEGRATOR', ...i },
    }),
  );
}

export async function putGrant(integratorCode: number, g: Grant): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { ...keys.grant(integratorCode, g.iysCode, g.brandCode), kind: 'GRANT', integratorCode, ...g },
    }),
  );
}

export async function listGrants(integratorCode: number): Promise<Grant[]> {
  const out: Grant[] = [];
  for await (const r of paginateQuery(
    { client: db() },
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :g)',
      ExpressionAttributeValues: { ':pk': `INT#${integratorCode}`, ':g': 'GRANT#' },
    },
  ))
    for (const i of r.Items ?? [])
      out.push({
        iysCode: i.iysCode as number,
        brandCode: i.brandCode as number,
        channels: i.channels as Grant['channels'],
        ...(i.agreementControl ? { agreementControl: true } : {}),
      });
  return out;
}

export async function putRefreshToken(
  jti: string,
  username: string,
  expiresAtSeconds: number,
): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { ...keys.refresh(jti), kind: 'REFRESH', username, expiresAt: expiresAtSeconds },
    }),
  );
}

/**
 * Consumes a refresh token and records its successor in one transaction: a token can be used once,
 * and a concurrent second use fails.
 */
export async function rotateRefreshToken(
  oldJti: string,
  username: string,
  nowSeconds: number,
  next: { jti: string; expiresAt: number },
): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: table(),
              Key: keys.refresh(oldJti),
              ConditionExpression: 'username = :u AND expiresAt > :now',
              ExpressionAttributeValues: { ':u': username, ':now': nowSeconds },
            },
          },
          {
            Put: {
              TableName: table(),
              Item: { ...keys.refresh(next.jti), kind: 'REFRESH', username, expiresAt: next.expiresAt },
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

/**
 * Counts one request in a fixed window and returns the new count. TTL removes old windows (AWS deletes
 * lazily; the window name carries the time, so stale items never count).
 */
export async function countRequest(name: string, expiresAtSeconds: number): Promise<number> {
  const r = await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.rate(name),
      UpdateExpression: 'ADD #c :one SET expiresAt = :exp, kind = :kind',
      ExpressionAttributeNames: { '#c': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':exp': expiresAtSeconds, ':kind': 'RATE' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(r.Attributes?.count ?? 1);
}

export async function getProviders(codes: number[]): Promise<ProviderItem[]> {
  const items = await getAll<Record<string, unknown>>(table(), codes.map(keys.provider));
  return items.map((i) => strip<ProviderItem>(i)!);
}
