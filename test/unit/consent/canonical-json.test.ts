import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../functions/domain/movement.js';

/** The definition: keys sorted at every level, undefined members left out, JSON.stringify for scalars. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(o).sort()) {
      if (o[k] === undefined) continue;
      parts.push(`${JSON.stringify(k)}:${reference(o[k])}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('canonicalJson (the transactionId basis)', () => {
  it('equals the definition for any JSON value, flat or nested', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('equals the definition for consent-like bodies with undefined members, whatever the key order', () => {
    const body = fc.record(
      {
        recipient: fc.string(),
        type: fc.constantFrom('ARAMA', 'MESAJ', 'EPOSTA'),
        status: fc.constantFrom('ONAY', 'RET'),
        consentDate: fc.option(fc.string(), { nil: undefined }),
        retailerCode: fc.option(fc.integer(), { nil: undefined }),
        retailerAccess: fc.option(fc.array(fc.integer()), { nil: undefined }),
        '1': fc.option(fc.boolean(), { nil: null }),
      },
      { requiredKeys: ['recipient'] },
    );
    fc.assert(
      fc.property(body, fc.boolean(), (b, reversed) => {
        const shuffled = Object.fromEntries(reversed ? Object.entries(b).reverse() : Object.entries(b));
        expect(canonicalJson(shuffled)).toBe(reference(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys: the same body in another order gives the same text', () => {
    expect(canonicalJson({ type: 'MESAJ', recipient: '+905321234567', n: [2, 1] })).toBe(
      '{"n":[2,1],"recipient":"+905321234567","type":"MESAJ"}',
    );
  });
});
