import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from './aws.js';
import { putAll } from './dynamo-batch.js';
import { env } from './env.js';

/**
 * One-click reject links (via-hash-links): Registry items LINK#{SHA-256 of the token} (the token itself is
 * only in the link), with the brand, the consent key, the sealed address, expiry (TTL) and `usedAt`.
 */
export interface LinkItem {
  pk: string;
  sk: string;
  iysCode: number;
  brandCode: number;
  recipientType: 'BIREYSEL' | 'TACIR';
  adr: string;
  expiresAt: number;
  usedAt?: string;
}

export const linkKey = (tokenHash: string) => ({ pk: `LINK#${tokenHash}`, sk: '#' });

export async function putLinks(items: LinkItem[]): Promise<void> {
  await putAll(
    env.registryTable(),
    items.map((it) => ({ ...it, kind: 'LINK' })),
  );
}

export async function getLink(tokenHash: string): Promise<LinkItem | undefined> {
  const r = await documents().send(
    new GetCommand({ TableName: env.registryTable(), Key: linkKey(tokenHash), ConsistentRead: true }),
  );
  return r.Item as LinkItem | undefined;
}

/** Marks a link used; false when it was used already (a link works once). */
export async function markUsed(tokenHash: string, at: string): Promise<boolean> {
  try {
    await documents().send(
      new UpdateCommand({
        TableName: env.registryTable(),
        Key: linkKey(tokenHash),
        UpdateExpression: 'SET usedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}
