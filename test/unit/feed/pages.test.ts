import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  feedPartition,
  getMovements,
  type MovementItem,
  movementKey,
  pageSortKey,
  putMovements,
} from '../../../functions/adapters/consent-store.js';
import { feedSortKey, transactionId } from '../../../functions/domain/movement.js';

/**
 * Movement pages against an in-memory table that applies the adapter's UpdateItem SETs as DynamoDB does:
 * what goes in comes out of every read path, in the feed's order, once, however often and however cut the
 * stream batches that wrote it were.
 */
const table = new Map<string, Record<string, unknown>>();
const doc = mockClient(DynamoDBDocumentClient);
let updates = 0;

beforeAll(() => {
  process.env.IYS_TABLE_CONSENTS = 'Consents';
  process.env.IYS_FEED_SHARDS = '4';
});
afterAll(() => doc.restore());
beforeEach(() => {
  table.clear();
  updates = 0;
  doc.reset();
  doc.on(UpdateCommand).callsFake((input) => {
    updates++;
    const id = `${input.Key.pk}|${input.Key.sk}`;
    const item = table.get(id) ?? { ...input.Key };
    const sets = (input.UpdateExpression as string).replace(/^SET /, '').split(', ');
    for (const s of sets) {
      const [lhs, rhs] = s.split(' = ') as [string, string];
      const name = lhs.startsWith('#') ? input.ExpressionAttributeNames[lhs] : lhs;
      item[name] = structuredClone(input.ExpressionAttributeValues[rhs]);
    }
    table.set(id, item);
    return {};
  });
  doc.on(BatchGetCommand).callsFake((input) => {
    const [name, req] = Object.entries(
      input.RequestItems as Record<string, { Keys: { pk: string; sk: string }[] }>,
    )[0]!;
    const items = req.Keys.map((k) => table.get(`${k.pk}|${k.sk}`)).filter(Boolean);
    return { Responses: { [name]: items } };
  });
  doc.on(QueryCommand).callsFake((input) => {
    const v = input.ExpressionAttributeValues;
    const items = [...table.values()]
      .filter((i) => i.pk === v[':pk'] && (i.sk as string) >= v[':from'] && (i.sk as string) <= v[':upTo'])
      .sort((a, b) => ((a.sk as string) < (b.sk as string) ? -1 : 1));
    return { Items: items };
  });
});

const hex = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const second = fc.integer({ min: 1_790_000_000, max: 1_790_000_004 });
const movement = fc
  .record({
    cr: second,
    digest: hex(56),
    status: fc.constantFrom('ONAY' as const, 'RET' as const),
    type: fc.constantFrom('MESAJ' as const, 'ARAMA' as const, 'EPOSTA' as const),
    recipientType: fc.constantFrom('BIREYSEL' as const, 'TACIR' as const),
    source: fc.option(fc.constantFrom('HS_WEB' as const, 'HS_FIZIKSEL_ORTAM' as const), { nil: undefined }),
    cd: fc.option(fc.integer({ min: 1_700_000_000_000, max: 1_790_000_000_000 }), { nil: undefined }),
    seq: fc.integer({ min: 1, max: 50 }),
    retailerCode: fc.option(fc.integer({ min: 1, max: 99_999_999 }), { nil: undefined }),
    key: fc.constantFrom(0, 1),
    ct: fc.uint8Array({ minLength: 30, maxLength: 60 }),
  })
  .map((r): MovementItem => {
    const txn = transactionId(r.cr, r.digest);
    return {
      ...movementKey(700001, 700001, 'HS', r.cr, txn),
      kind: 'MOVE',
      iysCode: 700001,
      brandCode: 700001,
      recipientType: r.recipientType,
      type: r.type,
      status: r.status,
      ...(r.source ? { source: r.source } : {}),
      ...(r.cd !== undefined ? { cd: r.cd } : {}),
      cr: r.cr,
      txn,
      seq: r.seq,
      ...(r.retailerCode !== undefined ? { retailerCode: r.retailerCode } : {}),
      dk: new Uint8Array(Array.from({ length: 98 }, (_, i) => (i * 7 + r.key) % 256)),
      ct: r.ct,
    };
  });
const bySk = (a: MovementItem, b: MovementItem) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0);
const plain = (m: MovementItem) => ({ ...m, dk: [...m.dk], ct: [...m.ct] });

async function allOfFeed(): Promise<MovementItem[]> {
  const pks = new Set([...table.values()].map((i) => i.pk as string));
  const out: MovementItem[] = [];
  for (const pk of pks) {
    // Small pages of the feed, each starting after the last movement read: the cursor's path.
    let after = feedSortKey(1_790_000_000, '');
    for (;;) {
      const page = await feedPartition(pk, after, feedSortKey(1_790_000_004, 'g'), 3);
      out.push(...page);
      if (page.length < 3) break;
      after = page[page.length - 1]!.sk;
    }
  }
  return out;
}

describe('movement pages', () => {
  it('a page key sorts at or before each movement it holds, and in the movements’ order', () => {
    fc.assert(
      fc.property(fc.array(movement, { minLength: 2, maxLength: 40 }), (ms) => {
        const sorted = [...ms].sort(bySk);
        for (let i = 0; i < sorted.length; i++) {
          expect(pageSortKey(sorted[i]!.sk) <= sorted[i]!.sk).toBe(true);
          if (i) expect(pageSortKey(sorted[i - 1]!.sk) <= pageSortKey(sorted[i]!.sk)).toBe(true);
        }
      }),
    );
  });

  it('every read path returns each movement once, as written, however the batches were cut or repeated', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(movement, { minLength: 1, maxLength: 60, selector: (m) => m.txn }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        async (ms, cuts) => {
          table.clear();
          // Batches cut at arbitrary places, the first one delivered twice (a retried stream batch).
          const ends = [...new Set(cuts.map((c) => c % (ms.length + 1)))].sort((a, b) => a - b);
          let start = 0;
          for (const end of [...ends, ms.length]) {
            await putMovements(ms.slice(start, end));
            start = Math.max(start, end);
          }
          await putMovements(ms.slice(0, ends[0] ?? ms.length));
          const expected = [...ms].sort(bySk).map(plain);
          const fromFeed = (await allOfFeed()).sort(bySk).map(plain);
          expect(fromFeed).toEqual(expected);
          const byKey = (await getMovements(ms.map((m) => ({ pk: m.pk, sk: m.sk })))).sort(bySk).map(plain);
          expect(byKey).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('one update per page of a stream batch: a second’s 40 movements in one partition cost ≤ 4 writes', async () => {
    // Digests spread over the four buckets, all in feed shard 0 (the shard is digits 0–3 of the digest, mod 4).
    const ms = Array.from({ length: 40 }, (_, i) => {
      const digest = `${'0123456789abcdef'[i % 16]}${i.toString(16).padStart(2, '0')}0`.padEnd(56, 'a');
      const txn = transactionId(1_790_000_001, digest);
      const base = fc.sample(movement, 1)[0]!;
      return { ...base, ...movementKey(700001, 700001, 'HS', 1_790_000_001, txn), cr: 1_790_000_001, txn };
    });
    const shards = new Set(ms.map((m) => m.pk)).size;
    await putMovements(ms);
    expect(updates).toBe(4);
    expect(updates).toBe(table.size);
    expect(shards).toBe(1);
    expect((await getMovements(ms)).length).toBe(40);
  });
});
