import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { normaliseKeyword } from '../domain/sms.js';
import { documents } from './aws.js';
import { env } from './env.js';

/**
 * Brand short names for the SMS short number (`RET ORNEK`): Registry items SHORT#{NORMALISED} →
 * {iysCode, brandCode}, written when a brand is created (onboarding and the seed). Normalised as the SMS
 * parser normalises keywords (Turkish upper case, Turkish letters folded), so "Örnek" finds ORNEK.
 */
export async function indexShortNames(b: {
  iysCode: number;
  brandCode: number;
  shortNames?: string[];
}): Promise<void> {
  for (const name of b.shortNames ?? []) {
    const norm = normaliseKeyword(name);
    if (!norm) continue;
    await documents().send(
      new PutCommand({
        TableName: env.registryTable(),
        Item: {
          pk: `SHORT#${norm}`,
          sk: `${b.iysCode}#${b.brandCode}`,
          kind: 'SHORTNAME',
          iysCode: b.iysCode,
          brandCode: b.brandCode,
        },
      }),
    );
  }
}

export async function brandsByShortName(
  normalised: string,
): Promise<{ iysCode: number; brandCode: number }[]> {
  const r = await documents().send(
    new QueryCommand({
      TableName: env.registryTable(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `SHORT#${normalised}` },
    }),
  );
  return (r.Items ?? []).map((i) => ({ iysCode: i.iysCode as number, brandCode: i.brandCode as number }));
}
