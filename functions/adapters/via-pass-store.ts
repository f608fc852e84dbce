import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ViaPackage } from '../domain/subscription.js';
import type { PassRequest, PassTemplate } from '../domain/via/pass.js';
import { documents } from './aws.js';
import { env } from './env.js';
import { creditSpend } from './subscription-store.js';

/**
 * ViA PASS storage, all in the Registry table (docs/via-pass.md):
 * - template    pk SP#{iysCode}       sk VPTPL#{templateId}   (the provider's templates, one Query lists them)
 * - id sequence pk SEQ#via-pass-template sk #                (template ids, registry-wide, from 10001)
 * - request     pk VPREQ#{requestId}  sk #                    (the request, its challenge digest, history, file)
 * - link        pk VPLINK#{digest}    sk #                    (a short link's keyed digest → its request; TTL)
 * The credit is the provider's `subscription.viaPass.credit` on its profile item (SP#{iysCode} #PROFILE),
 * taken in the same transaction as the request is written: both or neither.
 */
const db = () => documents();
const table = () => env.registryTable();

const templateKey = (iysCode: number, templateId: string) => ({
  pk: `SP#${iysCode}`,
  sk: `VPTPL#${templateId}`,
});
const requestKey = (requestId: string) => ({ pk: `VPREQ#${requestId}`, sk: '#' });
const linkKey = (digest: string) => ({ pk: `VPLINK#${digest}`, sk: '#' });
const profileKey = (iysCode: number) => ({ pk: `SP#${iysCode}`, sk: '#PROFILE' });

function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, kind: _kind, expiresAt: _e, ...rest } = item;
  return rest as T;
}

/** The next template id (one atomic counter update). */
export async function nextTemplateId(): Promise<string> {
  const r = await db().send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: 'SEQ#via-pass-template', sk: '#' },
      UpdateExpression: 'ADD n :one SET kind = :kind',
      ExpressionAttributeValues: { ':one': 1, ':kind': 'SEQUENCE' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return String(10_000 + Number(r.Attributes?.n ?? 1));
}

export async function putTemplate(t: PassTemplate): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { ...templateKey(t.iysCode, t.templateId), kind: 'VIA_PASS_TEMPLATE', ...t },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getTemplate(iysCode: number, templateId: string): Promise<PassTemplate | undefined> {
  if (!/^\d{1,12}$/.test(templateId)) return undefined;
  const r = await db().send(new GetCommand({ TableName: table(), Key: templateKey(iysCode, templateId) }));
  return strip<PassTemplate>(r.Item);
}

/** The provider's templates, oldest first (one Query, every page). */
export async function listTemplates(iysCode: number): Promise<PassTemplate[]> {
  const out: PassTemplate[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)',
        ExpressionAttributeValues: { ':pk': `SP#${iysCode}`, ':t': 'VPTPL#' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of r.Items ?? []) out.push(strip<PassTemplate>(i)!);
    start = r.LastEvaluatedKey;
  } while (start);
  return out.sort((a, b) => Number(a.templateId) - Number(b.templateId));
}

/** The provider's ViA PASS package as it is now (consistent read of its profile), or undefined. */
export async function viaPassPackage(iysCode: number): Promise<ViaPackage | undefined> {
  const r = await db().send(
    new GetCommand({
      TableName: table(),
      Key: profileKey(iysCode),
      ConsistentRead: true,
      ProjectionExpression: 'subscription.viaPass',
    }),
  );
  return (r.Item?.subscription as { viaPass?: ViaPackage } | undefined)?.viaPass;
}

/**
 * Writes a new request (and its short link's digest), taking one credit from the provider's ViA PASS
 * package when `spendCredit`, on the condition that one is left: 'no-credit' when none is.
 */
export async function createRequest(
  r: PassRequest,
  opts: { spendCredit: boolean; linkDigest?: string },
): Promise<'ok' | 'no-credit'> {
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
    {
      Put: {
        TableName: table(),
        Item: { ...requestKey(r.requestId), kind: 'VIA_PASS_REQUEST', ...r },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
  if (opts.linkDigest)
    items.push({
      Put: {
        TableName: table(),
        Item: {
          ...linkKey(opts.linkDigest),
          kind: 'VIA_PASS_LINK',
          requestId: r.requestId,
          expiresAt: Math.ceil(r.challenge.expiresAt / 1000) + 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  if (opts.spendCredit) items.push(creditSpend(r.iysCode, 'viaPass', 1));
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
    return 'ok';
  } catch (e) {
    const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (
      (e as Error).name === 'TransactionCanceledException' &&
      opts.spendCredit &&
      reasons[items.length - 1]?.Code === 'ConditionalCheckFailed'
    )
      return 'no-credit';
    throw e;
  }
}

export async function getRequest(requestId: string): Promise<PassRequest | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(requestId)) return undefined;
  const r = await db().send(
    new GetCommand({ TableName: table(), Key: requestKey(requestId), ConsistentRead: true }),
  );
  return strip<PassRequest>(r.Item);
}

/** Writes the request's next version if it is still `expectedVersion`: false when another answer came first. */
export async function saveRequest(r: PassRequest, expectedVersion: number): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: { ...requestKey(r.requestId), kind: 'VIA_PASS_REQUEST', ...r },
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': expectedVersion },
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/** The request a short link's digest belongs to. */
export async function requestOfLink(digest: string): Promise<string | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: table(), Key: linkKey(digest), ConsistentRead: true }),
  );
  return r.Item?.requestId as string | undefined;
}
