import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBatch } from '../../../functions/adapters/batch-store.js';
import { listComplaints } from '../../../functions/adapters/complaint-store.js';
import { getRetailerCodes } from '../../../functions/adapters/retailer-store.js';

const doc = mockClient(DynamoDBDocumentClient);
const table = 'registry-test';

beforeEach(() => {
  doc.reset();
  process.env.IYS_TABLE_REGISTRY = table;
});
afterEach(() => {
  delete process.env.IYS_TABLE_REGISTRY;
});
afterAll(() => doc.restore());

/**
 * Answers queries with these pages in turn, keeping a copy of each request as sent (the paginator reuses
 * one input object, so the mock's recorded inputs all show the last ExclusiveStartKey).
 */
function pages(
  ...answers: { Items: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> }[]
) {
  const sent: Record<string, unknown>[] = [];
  doc.on(QueryCommand).callsFake(async (input: Record<string, unknown>) => {
    sent.push(structuredClone(input));
    const answer = answers[sent.length - 1];
    if (!answer) throw new Error('a page past the last one was asked for');
    return answer;
  });
  return sent;
}

describe('reads that span pages (the SDK paginator)', () => {
  it('readBatch follows LastEvaluatedKey to the last page, every page a consistent read', async () => {
    const pk = 'BATCH#700001#700001#req-1';
    const k1 = { pk, sk: 'I#0001' };
    const k2 = { pk, sk: 'I#0003' };
    const q = pages(
      { Items: [{ pk, sk: '#', count: 4 }, { index: 0 }, { index: 1 }], LastEvaluatedKey: k1 },
      { Items: [{ index: 2 }, { index: 3 }], LastEvaluatedKey: k2 },
      { Items: [] },
    );
    const r = await readBatch(700001, 700001, 'req-1');
    expect(r.batch).toMatchObject({ count: 4 });
    expect(r.results.map((i) => i.index)).toEqual([0, 1, 2, 3]);
    expect(q.map((i) => i.ExclusiveStartKey)).toEqual([undefined, k1, k2]);
    for (const i of q) {
      expect(i).toMatchObject({
        TableName: table,
        ConsistentRead: true,
        ExpressionAttributeValues: { ':pk': pk },
      });
      expect(i.Limit).toBeUndefined();
    }
  });

  it('listComplaints stops asking once it holds `limit` complaints, newest first and filtered', async () => {
    const c = (id: string) => ({ pk: `COMPLAINT#${id}`, sk: `T#2026-11-2${id}`, complaintId: id });
    const q = pages(
      { Items: [c('9')], LastEvaluatedKey: { pk: 'COMPLAINT#9' } },
      { Items: [c('8'), c('7')], LastEvaluatedKey: { pk: 'COMPLAINT#7' } },
      { Items: [c('6')] },
    );
    const out = await listComplaints({ status: 'IN_REVIEW', iysCode: 700001, limit: 2 });
    expect(out.map((i) => i.complaintId)).toEqual(['9', '8']);
    expect(q).toHaveLength(2);
    expect(q[1]!.ExclusiveStartKey).toEqual({ pk: 'COMPLAINT#9' });
    expect(q[0]).toMatchObject({
      IndexName: 'byKind',
      ScanIndexForward: false,
      FilterExpression: '#st = :st AND iysCode = :iys',
      ExpressionAttributeNames: { '#st': 'status' },
      ExpressionAttributeValues: { ':k': 'COMPLAINT', ':st': 'IN_REVIEW', ':iys': 700001 },
    });
  });

  it('listComplaints reads to the end when fewer complaints than the limit match', async () => {
    const q = pages({ Items: [], LastEvaluatedKey: { pk: 'x' } }, { Items: [{ complaintId: '1' }] });
    expect(await listComplaints({ limit: 10 })).toHaveLength(1);
    expect(q.map((i) => i.ExclusiveStartKey)).toEqual([undefined, { pk: 'x' }]);
  });
});

describe('batch reads (dynamo-batch getAll)', () => {
  it('getRetailerCodes asks again for the keys DynamoDB left unprocessed', async () => {
    const key = (code: number) => ({ pk: `RTL#${code}`, sk: '#' });
    const item = (code: number) => ({ ...key(code), kind: 'RETAILER_CODE', retailerCode: code, iysCode: 1 });
    doc
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [table]: [item(1)] },
        UnprocessedKeys: { [table]: { Keys: [key(2)] } },
      })
      .resolvesOnce({ Responses: { [table]: [item(2)] } });
    const codes = await getRetailerCodes([1, 2]);
    expect(codes).toEqual([
      { retailerCode: 1, iysCode: 1 },
      { retailerCode: 2, iysCode: 1 },
    ]);
    const calls = doc.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.[table]?.Keys);
    expect(calls).toEqual([[key(1), key(2)], [key(2)]]);
  });
});
