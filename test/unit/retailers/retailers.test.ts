import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cities, cityOf, townOf, towns } from '../../../functions/data/places.js';
import {
  applyAccessChange,
  randomRetailerCode,
  tieDelta,
  tiedRetailers,
} from '../../../functions/domain/retailers.js';
import { createRetailerBody } from '../../../functions/schemas/retailers.js';

describe('access changes', () => {
  const t = { retailerCode: 11111111, retailerAccess: [22222222, 33333333] };
  it('add keeps the broker and appends new codes once', () => {
    expect(applyAccessChange(t, { kind: 'add', codes: [33333333, 44444444] })).toEqual({
      retailerCode: 11111111,
      retailerAccess: [22222222, 33333333, 44444444],
    });
  });
  it('override drops every old retailer, the broker included', () => {
    expect(applyAccessChange(t, { kind: 'override', codes: [55555555] })).toEqual({
      retailerAccess: [55555555],
    });
  });
  it('remove drops listed codes, the broker too when listed; remove all drops everything', () => {
    expect(applyAccessChange(t, { kind: 'remove', codes: [11111111, 22222222] })).toEqual({
      retailerAccess: [33333333],
    });
    expect(applyAccessChange(t, { kind: 'remove', codes: [22222222, 33333333] })).toEqual({
      retailerCode: 11111111,
    });
    expect(applyAccessChange(t, { kind: 'removeAll' })).toEqual({});
  });
  it('tie deltas: each retailer gains or loses exactly the consents it joined or left', () => {
    const codes = fc.array(fc.integer({ min: 10_000_000, max: 10_000_020 }), { maxLength: 8 });
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 10_000_000, max: 10_000_020 }), { nil: undefined }),
        codes,
        codes,
        (rc, a, b) => {
          const before = { ...(rc !== undefined ? { retailerCode: rc } : {}), retailerAccess: a };
          const after = applyAccessChange(before, { kind: 'override', codes: b });
          const d = tieDelta(before, after);
          const x = tiedRetailers(before);
          const y = tiedRetailers(after);
          for (const code of new Set([...x, ...y])) {
            expect(d.get(code) ?? 0).toBe((y.has(code) ? 1 : 0) - (x.has(code) ? 1 : 0));
          }
        },
      ),
    );
  });
  it('random codes are 8 digits', () => {
    expect(randomRetailerCode(() => 0)).toBe(10_000_000);
    expect(randomRetailerCode(() => 0.999999999)).toBe(99_999_999);
  });
});

describe('createRetailer body', () => {
  const ok = {
    title: 'XYZ Ticaret',
    name: 'Adım Soyadım',
    tckn: '10000000146',
    tin: '8450525470',
    city: { code: '34', name: 'İstanbul' },
    town: { code: 421, name: 'Bakırköy' },
  };
  it('accepts the İYS example shape (codes as strings or numbers) and defaults nothing silently', () => {
    const r = createRetailerBody.safeParse(ok);
    expect(r.success).toBe(true);
    expect(r.data?.town.code).toBe('421');
  });
  it('reports an H-code per problem', () => {
    const r = createRetailerBody.safeParse({ ...ok, tckn: '123', tin: '', status: 'x', extra: 1 });
    expect(r.success).toBe(false);
    const issues = r.error!.issues;
    expect(
      issues
        .filter((i) => i.code !== 'unrecognized_keys')
        .map((i) => i.message)
        .sort(),
    ).toEqual(['H201', 'H226', 'H288']);
    expect(issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });
});

describe('city and town data (İYS OpenAPI 3.2.0 getCities/getTowns)', () => {
  it('81 provinces with plate codes 1–81', () => {
    expect(cities).toHaveLength(81);
    expect(cities.map((c) => c.code)).toEqual([...Array(81).keys()].map((i) => i + 1));
    expect(cityOf(1)?.name).toBe('Adana');
    expect(cityOf(34)?.name).toBe('İstanbul');
    expect(cityOf(81)?.name).toBe('Düzce');
  });
  it('970 districts, global sequential codes grouped by province in plate order', () => {
    expect(towns).toHaveLength(970);
    expect(towns.map((t) => t.code)).toEqual([...Array(970).keys()].map((i) => i + 1));
    for (const t of towns) expect(cityOf(t.city_code), t.name).toBeDefined();
    for (let i = 1; i < towns.length; i++)
      expect(towns[i]!.city_code).toBeGreaterThanOrEqual(towns[i - 1]!.city_code);
    expect(towns.filter((t) => t.city_code === 1).map((t) => t.code)).toEqual(
      [...Array(15).keys()].map((i) => i + 1),
    );
    expect(townOf(16)).toEqual({ code: 16, name: 'Adıyaman Merkez', city_code: 2 });
    expect(towns.filter((t) => t.city_code === 34)).toHaveLength(39);
    expect(towns.filter((t) => t.city_code === 6)).toHaveLength(25);
    expect(new Set(cities.map((c) => c.code)).size).toBe(81);
    for (const c of cities)
      expect(
        towns.some((t) => t.city_code === c.code),
        c.name,
      ).toBe(true);
  });
});
