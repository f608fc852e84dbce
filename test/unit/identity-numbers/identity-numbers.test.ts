import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidMersis,
  isValidTckn,
  isValidTin,
  isValidVkn,
  mersisVkn,
  tcknFrom,
  vknFrom,
} from '../../../functions/domain/identity-numbers.js';

describe('TCKN', () => {
  it('accepts numbers that satisfy both check digits', () => {
    for (const n of ['10000000146', '57703411244', tcknFrom('283749102'), tcknFrom('999999999')])
      expect(isValidTckn(n), n).toBe(true);
  });
  it('refuses a wrong 10th or 11th digit, a leading 0, wrong length, non-digits, non-strings', () => {
    for (const n of [
      '10000000147',
      '10000000156',
      '01234567890',
      '1000000014',
      '100000001460',
      '1000000014a',
      10000000146,
      undefined,
    ])
      expect(isValidTckn(n), String(n)).toBe(false);
  });
  it('every 9-digit prefix (not starting with 0) has exactly one valid completion', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000_000, max: 999_999_999 }), (p) => {
        const valid = tcknFrom(String(p));
        expect(isValidTckn(valid)).toBe(true);
        const last = Number(valid[10]);
        expect(isValidTckn(`${valid.slice(0, 10)}${(last + 1) % 10}`)).toBe(false);
      }),
    );
  });
});

describe('VKN', () => {
  it('accepts known valid numbers and refuses a changed check digit', () => {
    for (const n of ['1234567890', '8450525470', vknFrom('472390183')]) expect(isValidVkn(n), n).toBe(true);
    for (const n of ['1234567891', '8450525471', '123456789', '12345678901', 'abcdefghij'])
      expect(isValidVkn(n), n).toBe(false);
  });
  it('each prefix has exactly one check digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (p) => {
        const prefix = String(p).padStart(9, '0');
        const valid = [...Array(10).keys()].filter((c) => isValidVkn(`${prefix}${c}`));
        expect(valid).toHaveLength(1);
      }),
    );
  });
});

describe('MERSIS and tin', () => {
  it('a MERSIS number starting with 0 must carry a valid VKN; length 16', () => {
    expect(isValidMersis('0123456789000015')).toBe(true);
    expect(mersisVkn('0123456789000015')).toBe('1234567890');
    expect(isValidMersis('0123456789100015')).toBe(false);
    expect(isValidMersis('012345678900001')).toBe(false);
    expect(isValidMersis('1234567890123456')).toBe(true); // no published rule for other prefixes
  });
  it('a tin is a VKN (10) or a TCKN (11)', () => {
    expect(isValidTin('1234567890')).toBe(true);
    expect(isValidTin('10000000146')).toBe(true);
    expect(isValidTin('10000000147')).toBe(false);
    expect(isValidTin('123')).toBe(false);
  });
});
