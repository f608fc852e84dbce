import { describe, expect, it } from 'vitest';
import type { BrandItem, ProviderItem } from '../../../functions/adapters/registry-store.js';
import { integratorUseCases } from '../../../functions/app/integrators.js';
import type { Grant } from '../../../functions/domain/rights.js';
import { refusal } from './refusal.js';

/** The integrator use cases over in-memory fakes of their ports. */
function setup() {
  const grants = new Map<number, Grant[]>([
    [
      900001,
      [
        { iysCode: 700002, brandCode: 700002, channels: { MESAJ: 'read' } },
        {
          iysCode: 700001,
          brandCode: 700001,
          channels: { ARAMA: 'write', EPOSTA: 'read' },
          agreementControl: true,
        },
      ] as Grant[],
    ],
  ]);
  const brands = new Map<string, BrandItem>([
    ['700001:700001', { name: 'Marka A', master: true } as BrandItem],
    ['700002:700002', { name: 'Marka B' } as BrandItem],
  ]);
  const calls = { forgotten: 0 };
  const uc = integratorUseCases({
    listGrants: async (code) => grants.get(code) ?? [],
    providers: async (codes) => codes.map((iysCode) => ({ iysCode, title: `HS ${iysCode}` }) as ProviderItem),
    brand: async (iysCode, brandCode) => brands.get(`${iysCode}:${brandCode}`),
    integrator: async (code) => (code === 900001 ? ({ integratorCode: code } as never) : undefined),
    integratorSubscription: async (code) =>
      code === 900001
        ? {
            subscription: { packageName: 'Entegratör', status: 'ACTIVE', consentLimit: 0, api: true },
            createdAt: '2026-01-01T00:00:00Z',
          }
        : undefined,
    putGrant: async (code, g) => {
      const list = (grants.get(code) ?? []).filter(
        (x) => !(x.iysCode === g.iysCode && x.brandCode === g.brandCode),
      );
      grants.set(code, [...list, g]);
    },
    removeGrant: async (code, iysCode, brandCode) => {
      grants.set(
        code,
        (grants.get(code) ?? []).filter((x) => !(x.iysCode === iysCode && x.brandCode === brandCode)),
      );
    },
    forgetGrants: () => {
      calls.forgotten++;
    },
  });
  return { uc, grants, calls };
}

const codeOf = async (p: Promise<unknown>) => (await refusal(p))?.codes[0];

describe('integrators', () => {
  it('lists granted brands sorted, paginated, with the channels granted and no ViA', async () => {
    const { uc } = setup();
    const all = await uc.grantedBrands(900001, undefined, {});
    expect(all.pagination).toEqual({ offset: 0, pageSize: 2, totalCount: 2 });
    expect(all.list[0]).toEqual({
      brandCode: 700001,
      name: 'Marka A',
      master: true,
      title: 'HS 700001',
      iysCode: 700001,
      agreementControl: true,
      ARAMA: 'write',
      EPOSTA: 'read',
      viaControl: false,
    });
    const second = await uc.grantedBrands(900001, undefined, { offset: 1, limit: 1 });
    expect(second.list.map((b) => b.iysCode)).toEqual([700002]);
    expect((await uc.grantedBrands(900001, 700002, {})).list).toHaveLength(1);
    expect(await codeOf(uc.grantedBrands(900001, 123, {}))).toBe('H245');
  });

  it('answers the integrator’s own subscription with its code, or 404 H437', async () => {
    const { uc } = setup();
    expect(await uc.integratorSubscription(900001)).toMatchObject({
      iysCode: 900001,
      subscriptionPackageName: 'Entegratör',
    });
    expect(await codeOf(uc.integratorSubscription(900002))).toBe('H437');
  });

  it('grants, changes and withdraws a brand’s rights; unknown integrator H129, unknown brand H018', async () => {
    const { uc, grants, calls } = setup();
    expect(
      await uc.grantIntegrator(700001, 900001, { brandCode: 700001, channels: { MESAJ: 'write' } }),
    ).toBe('granted');
    expect(grants.get(900001)!.find((g) => g.brandCode === 700001)!.channels).toEqual({ MESAJ: 'write' });
    expect(await uc.grantIntegrator(700001, 900001, { brandCode: 700001, channels: {} })).toBe('revoked');
    expect(grants.get(900001)!.some((g) => g.brandCode === 700001)).toBe(false);
    expect(calls.forgotten).toBe(2);
    expect(await codeOf(uc.grantIntegrator(700001, 900009, { brandCode: 700001, channels: {} }))).toBe(
      'H129',
    );
    expect(await codeOf(uc.grantIntegrator(700001, 900001, { brandCode: 1, channels: {} }))).toBe('H018');
    expect(calls.forgotten).toBe(2);
  });
});
