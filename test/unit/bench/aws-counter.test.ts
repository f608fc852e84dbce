import { describe, expect, it } from 'vitest';
import { itemSize, writeUnits } from '../../../bench/aws-counter.js';

describe('the benchmark counts DynamoDB write units by item size', () => {
  it('sizes attributes by DynamoDB’s rules', () => {
    // name + value: string by UTF-8 bytes, number by digits/2 + 1, binary by bytes, lists/maps 3 + 1 per element
    expect(itemSize({ pk: 'abc' })).toBe(2 + 3);
    expect(itemSize({ n: 12345 })).toBe(1 + 4);
    expect(itemSize({ b: new Uint8Array(10) })).toBe(1 + 10);
    expect(itemSize({ s: 'şğü' })).toBe(1 + 6);
    expect(itemSize({ l: ['a', 'bc'] })).toBe(1 + 3 + (1 + 1) + (1 + 2));
    expect(itemSize({ m: { x: 1 } })).toBe(1 + 3 + 1 + 1 + 2);
    expect(itemSize({ ss: new Set(['ab']) })).toBe(2 + 3 + 1 + 2);
    // Marshalled attribute values are unwrapped.
    expect(itemSize({ pk: { S: 'abc' }, n: { N: '12345' } })).toBe(itemSize({ pk: 'abc', n: 12345 }));
  });

  it('is one unit per started KB, exactly at the boundary (the cheap bound never decides above 1 KB)', () => {
    const at = (bytes: number) => ({ pk: 'x'.repeat(bytes - 2) }); // 'pk' + value
    expect(writeUnits(at(1024))).toBe(1);
    expect(writeUnits(at(1025))).toBe(2);
    expect(writeUnits(at(2048))).toBe(2);
    expect(writeUnits(at(2049))).toBe(3);
    // 400 two-byte characters: 800 bytes, though the cheap bound (3 per character) says 1,200.
    expect(writeUnits({ pk: 'ş'.repeat(400) })).toBe(1);
    expect(writeUnits({ pk: 'ş'.repeat(512) })).toBe(2); // 2 + 1,024 bytes
  });
});
