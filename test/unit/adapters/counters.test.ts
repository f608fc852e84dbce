import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addOnce } from '../../../functions/adapters/counters.js';
import { addBrandStatsOnce } from '../../../functions/adapters/registry-store.js';
import { countAddressesOnce } from '../../../functions/adapters/subscription-store.js';

const doc = mockClient(DynamoDBDocumentClient);
const table = 'registry-test';
const now = Date.parse('2026-11-25T07:00:00Z');

type Item = Record<string, unknown>;
type Update = {
  Key: { pk: string; sk: string };
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
};
type Put = { Item: Item & { pk: string; sk: string }; ConditionExpression: string };

/**
 * A table in memory that runs the two-item transactions addOnce writes with DynamoDB's rules: every
 * condition is checked before anything changes, and a failed one cancels all with a reason per item.
 */
function memoryTable() {
  const items = new Map<string, Item>();
  const id = (k: { pk: string; sk: string }) => `${k.pk}|${k.sk}`;
  doc
    .on(TransactWriteCommand)
    .callsFake(async (input: { TransactItems: { Update?: Update; Put?: Put }[] }) => {
      const [{ Update: u }, { Put: p }] = input.TransactItems as [{ Update: Update }, { Put: Put }];
      const failed = [
        u.ConditionExpression === 'attribute_exists(pk)' && !items.has(id(u.Key)),
        p.ConditionExpression === 'attribute_not_exists(pk)' && items.has(id(p.Item)),
      ];
      if (failed.some(Boolean))
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: failed.map((f) => ({ Code: f ? 'ConditionalCheckFailed' : 'None' })),
        });
      const item: Item = items.get(id(u.Key)) ?? { ...u.Key };
      const [add, set] = u.UpdateExpression.replace(/^ADD /, '').split(' SET ') as [string, string?];
      for (const clause of add.split(', ')) {
        const [path, value] = clause.split(' ') as [string, string];
        const names = path.split('.').map((n) => u.ExpressionAttributeNames[n]!);
        let holder = item;
        for (const n of names.slice(0, -1)) holder = holder[n] as Item;
        const last = names.at(-1)!;
        holder[last] = Number(holder[last] ?? 0) + Number(u.ExpressionAttributeValues[value]);
      }
      for (const clause of set ? set.split(', ') : []) {
        const [name, value] = clause.split(' = ') as [string, string];
        item[u.ExpressionAttributeNames[name]!] = u.ExpressionAttributeValues[value];
      }
      items.set(id(u.Key), item);
      items.set(id(p.Item), p.Item);
      return {};
    });
  return {
    get: (pk: string, sk: string) => items.get(`${pk}|${sk}`),
    put: (i: Item) => items.set(id(i as never), i),
  };
}

beforeEach(() => {
  doc.reset();
  process.env.IYS_TABLE_REGISTRY = table;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
});
afterEach(() => {
  vi.useRealTimers();
  delete process.env.IYS_TABLE_REGISTRY;
});
afterAll(() => doc.restore());

const marker = { key: { pk: 'STATS#b1', sk: '#' }, kind: 'STATS_APPLIED', ttlSeconds: 60 };

describe('addOnce: a counter raised once per id', () => {
  it('adds the deltas and writes the marker in one transaction, once; a repeat changes nothing', async () => {
    const t = memoryTable();
    const counter = { key: { pk: 'C#1', sk: '#' }, deltas: { total: 2, count: 0, hits: 1 } };
    expect(await addOnce(table, marker, counter)).toBe(true);
    expect(await addOnce(table, marker, counter)).toBe(false);
    // `count` added nothing and is not written; `total` and `count` are reserved words, so placeholders.
    expect(t.get('C#1', '#')).toEqual({ pk: 'C#1', sk: '#', total: 2, hits: 1 });
    expect(t.get('STATS#b1', '#')).toEqual({
      pk: 'STATS#b1',
      sk: '#',
      kind: 'STATS_APPLIED',
      expiresAt: now / 1000 + 60,
    });
    expect(doc.commandCalls(TransactWriteCommand)).toHaveLength(2);
    // Another id counts again.
    expect(await addOnce(table, { ...marker, key: { pk: 'STATS#b2', sk: '#' } }, counter)).toBe(true);
    expect(t.get('C#1', '#')).toMatchObject({ total: 4, hits: 2 });
  });

  it('writes nothing, not even the marker, when every delta is zero', async () => {
    memoryTable();
    expect(
      await addOnce(table, marker, { key: { pk: 'C#1', sk: '#' }, deltas: { a: 0, b: undefined } }),
    ).toBe(false);
    expect(doc.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('throws when the counter itself fails: an item that must exist and does not', async () => {
    const t = memoryTable();
    const counter = { key: { pk: 'C#missing', sk: '#' }, deltas: { total: 1 }, mustExist: true };
    await expect(addOnce(table, marker, counter)).rejects.toThrow(TransactionCanceledException);
    // Also when the marker exists too: the counter's failure is not a repeat.
    t.put({ ...marker.key });
    await expect(addOnce(table, marker, counter)).rejects.toThrow(TransactionCanceledException);
  });

  it('throws any other error', async () => {
    const throttled = Object.assign(new Error('slow down'), {
      name: 'ProvisionedThroughputExceededException',
    });
    doc.on(TransactWriteCommand).rejects(throttled);
    await expect(addOnce(table, marker, { key: { pk: 'C#1', sk: '#' }, deltas: { n: 1 } })).rejects.toThrow(
      'slow down',
    );
    // A cancellation for another reason (a conflicting transaction) is not a repeat either.
    doc.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
      }),
    );
    await expect(addOnce(table, marker, { key: { pk: 'C#1', sk: '#' }, deltas: { n: 1 } })).rejects.toThrow(
      TransactionCanceledException,
    );
  });
});

describe('the stores keep their items as they were', () => {
  it("addBrandStatsOnce: the brand's stats map and a STATS# marker kept 7 days", async () => {
    const t = memoryTable();
    const brand = { pk: 'SP#700001', sk: `BRAND#${String(700002).padStart(12, '0')}` };
    t.put({ ...brand, kind: 'BRAND', stats: { approval: 1, rejection: 0, total: 1, retailers: 3 } });
    await addBrandStatsOnce('batch-1#700002', 700001, 700002, { approval: 2, total: 2, rejection: 0 });
    await addBrandStatsOnce('batch-1#700002', 700001, 700002, { approval: 2, total: 2, rejection: 0 });
    expect(t.get(brand.pk, brand.sk)).toEqual({
      ...brand,
      kind: 'BRAND',
      stats: { approval: 3, rejection: 0, total: 3, retailers: 3 },
    });
    expect(t.get('STATS#batch-1#700002', '#')).toEqual({
      pk: 'STATS#batch-1#700002',
      sk: '#',
      kind: 'STATS_APPLIED',
      expiresAt: now / 1000 + 7 * 86400,
    });
    // A brand that does not exist is an error, not a repeat.
    await expect(addBrandStatsOnce('batch-2#9', 700001, 9, { total: 1 })).rejects.toThrow(
      TransactionCanceledException,
    );
  });

  it("countAddressesOnce: the provider's #USAGE item and a USAGE# marker kept 7 days", async () => {
    const t = memoryTable();
    await countAddressesOnce('batch-1#700001', 700001, 5);
    await countAddressesOnce('batch-1#700001', 700001, 5);
    await countAddressesOnce('batch-2#700001', 700001, 2);
    await countAddressesOnce('batch-3#700001', 700001, 0);
    expect(t.get('SP#700001', '#USAGE')).toEqual({
      pk: 'SP#700001',
      sk: '#USAGE',
      usedConsentLimit: 7,
      kind: 'USAGE',
    });
    expect(t.get('USAGE#batch-1#700001', '#')).toEqual({
      pk: 'USAGE#batch-1#700001',
      sk: '#',
      kind: 'USAGE_APPLIED',
      expiresAt: now / 1000 + 7 * 86400,
    });
    expect(t.get('USAGE#batch-3#700001', '#')).toBeUndefined();
    expect(doc.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });
});
