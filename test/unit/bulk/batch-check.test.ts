import { describe, expect, it } from 'vitest';
import { checkBatch } from '../../../functions/domain/consent/validate.js';

const now = new Date('2026-11-25T10:00:00+03:00');
const item = (i: number, over: Record<string, unknown> = {}) => ({
  recipient: `user${i}@example.com`,
  type: 'EPOSTA',
  source: 'HS_WEB',
  status: 'ONAY',
  consentDate: '2026-11-24 09:00:00',
  ...over,
});

describe('checkBatch', () => {
  it('accepts exactly 1,000 items and refuses 1,001 with H091 only', () => {
    expect(
      checkBatch(
        Array.from({ length: 1000 }, (_, i) => item(i)),
        now,
      ),
    ).toEqual([]);
    expect(
      checkBatch(
        Array.from({ length: 1001 }, (_, i) => item(i)),
        now,
      ).map((e) => e.code),
    ).toEqual(['H091']);
  });
  it('H092 for an empty list or a non-list', () => {
    expect(checkBatch([], now).map((e) => e.code)).toEqual(['H092']);
    expect(checkBatch({}, now).map((e) => e.code)).toEqual(['H092']);
  });
  it('H194 on the later duplicate, after normalisation (e-mail case), per (recipientType, type, recipient)', () => {
    const errors = checkBatch(
      [
        item(1),
        item(1, { recipient: 'USER1@example.com', status: 'RET' }),
        item(1, { recipientType: 'TACIR' }),
      ],
      now,
    );
    expect(errors).toEqual([expect.objectContaining({ code: 'H194', index: 1 })]);
  });
  it('every item error carries its index', () => {
    const errors = checkBatch([item(1, { type: 'EPOSTAA' }), item(2), item(3, { source: 'HS_201' })], now);
    expect(errors.map((e) => [e.index, e.code])).toEqual([
      [0, 'H117'],
      [2, 'H119'],
    ]);
  });
});
