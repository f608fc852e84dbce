import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from './aws.js';
import { containerState } from './container.js';
import { env } from './env.js';
import { newWrappedSecret, unwrapSecret } from './provider-keys.js';
import type { ProviderItem } from './registry-store.js';

/**
 * Blind indexes: HMAC-SHA-256 of a normalised address, so that no table key holds an address.
 * - the provider index uses the provider's own secret (wrapped by its KMS key, unwrapped once per cold
 *   start), so two providers' keys for one address do not match;
 * - the registry index uses a registry-wide secret (wrapped by the registry key) and maps an address to the
 *   brands holding it, for the recipient side.
 */
const secrets = containerState(() => ({
  provider: new Map<number, Promise<Buffer>>(),
  registry: undefined as Promise<Buffer> | undefined,
}));

export function providerSecret(p: Pick<ProviderItem, 'iysCode' | 'blindIndexKey'>): Promise<Buffer> {
  const providerSecrets = secrets().provider;
  let s = providerSecrets.get(p.iysCode);
  if (!s) {
    s = unwrapSecret(p.blindIndexKey, { iysCode: String(p.iysCode), purpose: 'blind-index' }).then((b) =>
      Buffer.from(b),
    );
    s.catch(() => providerSecrets.delete(p.iysCode));
    providerSecrets.set(p.iysCode, s);
  }
  return s;
}

const configKey = { pk: 'CONFIG#recipient-index', sk: '#' };
const registryContext = { purpose: 'recipient-index' };

async function loadRegistrySecret(): Promise<Buffer> {
  const db = documents();
  const table = env.registryTable();
  let item = (await db.send(new GetCommand({ TableName: table, Key: configKey, ConsistentRead: true }))).Item;
  if (!item) {
    const wrapped = await newWrappedSecret(env.registryKey(), registryContext);
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...configKey, kind: 'CONFIG', wrapped },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (e) {
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    }
    item = (await db.send(new GetCommand({ TableName: table, Key: configKey, ConsistentRead: true }))).Item!;
  }
  return Buffer.from(await unwrapSecret(item.wrapped as Uint8Array, registryContext));
}

export function registryIndexSecret(): Promise<Buffer> {
  const held = secrets();
  held.registry ??= loadRegistrySecret().catch((e) => {
    held.registry = undefined;
    throw e;
  });
  return held.registry;
}

/** The rule itself is the domain's (functions/domain/movement.ts). */
export { blindIndex } from '../domain/movement.js';
