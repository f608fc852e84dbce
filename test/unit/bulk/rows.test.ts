import { describe, expect, it } from 'vitest';
import { roundsOf } from '../../../functions/app/bulk.js';
import {
  checkHeader,
  csvRow,
  formatReportLine,
  jsonRow,
  partitionOf,
  partitionsFor,
  rowRecipient,
} from '../../../functions/domain/bulk/rows.js';
import { objectsOf } from '../../../functions/handlers/bulk-splitter.js';

describe('CSV header', () => {
  it('accepts known columns in any order and needs recipient, type, status', () => {
    expect(checkHeader(['type', 'recipient', 'status'])).toEqual({
      ok: true,
      columns: ['type', 'recipient', 'status'],
    });
    expect(checkHeader(['recipient', 'type'])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('status'),
    });
    expect(checkHeader(['recipient', 'type', 'status', 'alici'])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('alici'),
    });
    expect(checkHeader(['recipient', 'type', 'status', 'type'])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('Tekrar'),
    });
  });
});

describe('rows', () => {
  const cols = checkHeader(['recipient', 'type', 'status', 'retailerCode', 'source']);
  if (!cols.ok) throw new Error('header');
  it('leaves empty cells out and makes a digit retailerCode a number', () => {
    expect(csvRow(cols.columns, ['+905321234567', 'MESAJ', 'ONAY', '55550127', ''], 7)).toEqual({
      line: 7,
      body: { recipient: '+905321234567', type: 'MESAJ', status: 'ONAY', retailerCode: 55550127 },
    });
    expect(csvRow(cols.columns, ['a@b.co', 'EPOSTA', 'ONAY', 'X1', ''], 8).body?.retailerCode).toBe('X1');
  });
  it('X066 when the cell count differs; X067 for a line that is not an object', () => {
    expect(csvRow(cols.columns, ['+905321234567', 'MESAJ'], 3).error?.code).toBe('X066');
    expect(jsonRow('[1,2]', 4).error?.code).toBe('X067');
    expect(jsonRow('{"recipient":', 5).error?.code).toBe('X067');
    expect(rowRecipient(jsonRow('{"recipient":"x@y.co"}', 6))).toBe('x@y.co');
    expect(rowRecipient(csvRow(cols.columns, ['+905321234567', 'MESAJ'], 3))).toBe('+905321234567');
    expect(jsonRow('{"recipient":"x@y.co"}', 6)).toMatchObject({
      body: { recipient: 'x@y.co' },
    });
  });
  it('one consent always lands in the same partition (e-mail case and spaces ignored)', () => {
    const a = { line: 1, body: { recipient: 'Ali@Example.com', type: 'EPOSTA' } };
    const b = { line: 9, body: { recipient: ' ali@example.com', type: 'EPOSTA', recipientType: 'BIREYSEL' } };
    for (const n of [2, 3, 16]) expect(partitionOf(a, n)).toBe(partitionOf(b, n));
    const spread = new Set(
      Array.from({ length: 200 }, (_, i) =>
        partitionOf({ line: i, body: { recipient: `+90532${1000000 + i}`, type: 'MESAJ' } }, 16),
      ),
    );
    expect(spread.size).toBe(16);
    expect(partitionsFor(100, 16)).toBe(1);
    expect(partitionsFor(5 * 1024 ** 3, 16)).toBe(16);
  });
  it('rounds keep each consent’s rows in order, one per round', () => {
    const row = (line: number, recipient: string) => ({ line, body: { recipient, type: 'MESAJ' } });
    const rounds = roundsOf([row(1, 'a'), row(2, 'b'), row(3, 'a'), row(4, 'a'), row(5, 'c')]);
    expect(rounds.map((r) => r.map((x) => x.line))).toEqual([[1, 2, 5], [3], [4]]);
  });
  it('report lines are RFC 4180 CSV', () => {
    expect(
      formatReportLine({ line: 3, code: 'H115', field: 'status', message: 'a, "b"', recipient: '+90' }),
    ).toBe('3,H115,status,"a, ""b""",+90\n');
  });
});

describe('S3 notifications', () => {
  it('skips the test event and decodes quote_plus keys', () => {
    expect(objectsOf(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }))).toEqual([]);
    expect(objectsOf('not json')).toEqual([]);
    const body = JSON.stringify({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'b' }, object: { key: 'uploads%2F1%2F2%2Fa+b' } },
        },
        { eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: 'b' }, object: { key: 'x' } } },
      ],
    });
    expect(objectsOf(body)).toEqual([{ bucket: 'b', key: 'uploads/1/2/a b' }]);
  });
});
