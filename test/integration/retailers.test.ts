import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vknFrom } from '../../functions/domain/identity-numbers.js';
import { startTestSystem, type TestSystem } from './harness.js';
import { retailerBodies } from './retailer-helpers.js';

let sys: TestSystem;
let hs: string;
let other: string;
let integrator: string;
const base = '/sps/700001/brands/700001';

beforeAll(async () => {
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
  other = (await sys.login('baska-api', 'change-me-5')).access_token;
  integrator = (await sys.login('entegrator-api', 'change-me-2')).access_token;
});
afterAll(async () => sys?.stop());

const retailer = retailerBodies(100_000_000);
const consent = (recipient: string, over: Record<string, unknown> = {}) => ({
  recipient,
  type: 'MESAJ',
  source: 'HS_WEB',
  status: 'ONAY',
  consentDate: '2026-11-24 09:00:00',
  recipientType: 'BIREYSEL',
  ...over,
});
const codesOf = (r: { body: { errors?: { code: string }[] } }) => (r.body.errors ?? []).map((e) => e.code);

async function create(over: Record<string, unknown> = {}, path = base, token = hs): Promise<number> {
  const r = await sys.call('POST', `${path}/retailers`, { token, body: retailer(over) });
  expect(r.status, r.text).toBe(201);
  return r.body.retailerCode;
}

describe('createRetailer', () => {
  it('creates a retailer with a random unique 8-digit code, counted in the brand statistics', async () => {
    const a = await create();
    const b = await create();
    expect(String(a)).toMatch(/^[1-9]\d{7}$/);
    expect(a).not.toBe(b);
    const brands = await sys.call('GET', '/sps/700001/brands', { token: hs });
    const master = brands.body.find((x: { brandCode: number }) => x.brandCode === 700001);
    expect(master.stats.retailers.total).toBeGreaterThanOrEqual(2);
  });

  it('names each missing required field with its code', async () => {
    const r = await sys.call('POST', `${base}/retailers`, { token: hs, body: { alias: 'x' } });
    expect(r.status).toBe(400);
    expect(codesOf(r).sort()).toEqual(['H214', 'H215', 'H216', 'H217', 'H220', 'H288']);
  });

  it('checks TCKN, tin, MERSIS, phone, status, city/town parts, length and characters', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ tckn: '10000000147' }, 'H225'],
      [{ tckn: '1000000014' }, 'H226'],
      [{ tin: '123' }, 'H244'],
      [{ tin: '1234567891' }, 'H243'],
      [{ tin: '' }, 'H288'],
      [{ mersis: '0123' }, 'H228'],
      [{ mersis: '0123456789100015' }, 'H227'],
      [{ mobile: '05325001111' }, 'H224'],
      [{ status: 'closed' }, 'H201'],
      [{ city: { name: 'İstanbul' } }, 'H218'],
      [{ city: { code: '34' } }, 'H219'],
      [{ town: { name: 'Bakırköy' } }, 'H221'],
      [{ town: { code: '421' } }, 'H222'],
      [{ title: 'x'.repeat(256) }, 'H017'],
      [{ name: 'Adım <script>' }, 'H229'],
    ];
    for (const [over, code] of cases) {
      const r = await sys.call('POST', `${base}/retailers`, { token: hs, body: retailer(over) });
      expect(codesOf(r), JSON.stringify(over)).toContain(code);
      expect(r.status, JSON.stringify(over)).toBe(400);
    }
    // An unknown field and an empty optional field: 400 here too (422 in the consent operations).
    const extra = await sys.call('POST', `${base}/retailers`, {
      token: hs,
      body: retailer({ colour: 'red' }),
    });
    expect([extra.status, codesOf(extra)]).toEqual([400, ['H118']]);
    const empty = await sys.call('POST', `${base}/retailers`, { token: hs, body: retailer({ alias: '' }) });
    expect([empty.status, codesOf(empty)]).toEqual([400, ['X007']]);
    const bad = await sys.call('POST', `${base}/retailers`, { token: hs, raw: '{"title":' });
    expect(codesOf(bad)).toEqual(['H014']);
  });

  it('refuses a second retailer with the same TCKN or MERSIS (H231/H230), H253 when the holder is passive', async () => {
    const mersis = `0${vknFrom('845052547')}00015`;
    const first = retailer({ mersis });
    expect((await sys.call('POST', `${base}/retailers`, { token: hs, body: first })).status).toBe(201);
    const sameTckn = await sys.call('POST', `${base}/retailers`, {
      token: hs,
      body: retailer({ tckn: first.tckn }),
    });
    expect(codesOf(sameTckn)).toEqual(['H231']);
    expect(sameTckn.status).toBe(400);
    const sameMersis = await sys.call('POST', `${base}/retailers`, { token: hs, body: retailer({ mersis }) });
    expect(codesOf(sameMersis)).toEqual(['H230']);
    const passive = retailer({ status: 'passive' });
    expect((await sys.call('POST', `${base}/retailers`, { token: hs, body: passive })).status).toBe(201);
    const again = await sys.call('POST', `${base}/retailers`, {
      token: hs,
      body: retailer({ tckn: passive.tckn }),
    });
    expect(codesOf(again)).toEqual(['H253']);
  });
});

describe('searchRetailers and searchSingleRetailer', () => {
  it('pages the brand’s retailers, short view, passive ones only with all=true', async () => {
    const all = await sys.call('GET', `${base}/retailers?all=true&limit=100`, { token: hs });
    const active = await sys.call('GET', `${base}/retailers`, { token: hs });
    expect(all.status).toBe(200);
    expect(all.body.pagination.totalCount).toBeGreaterThan(active.body.pagination.totalCount);
    const page = await sys.call('GET', `${base}/retailers?offset=1&limit=1&short=true`, { token: hs });
    expect(page.body.pagination).toMatchObject({ offset: 1, pageSize: 1, currentPage: 2 });
    expect(Object.keys(page.body.list[0]).sort()).toEqual([
      'city',
      'retailerAccessCount',
      'retailerCode',
      'status',
      'title',
    ]);
    for (const [q, code] of [
      ['limit=101', 'H186'],
      ['limit=0', 'H187'],
      ['offset=-1', 'H182'],
      ['limit=x', 'H183'],
      ['all=yes', 'H184'],
      ['short=1', 'H185'],
    ]) {
      const r = await sys.call('GET', `${base}/retailers?${q}`, { token: hs });
      expect(r.status, q).toBe(400);
      expect(codesOf(r), q).toEqual([code]);
    }
  });

  it('answers one retailer, and 200 {} for an unknown code as İYS does', async () => {
    const code = await create({ mersis: `0${vknFrom('123123123')}00011` });
    const r = await sys.call('GET', `${base}/retailers/${code}`, { token: hs });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ title: 'XYZ Ticaret', status: 'active', retailerAccessCount: 0 });
    expect(r.body.city).toEqual({ code: '34', name: 'İstanbul' });
    const none = await sys.call('GET', `${base}/retailers/12345678`, { token: hs });
    expect(none.status).toBe(200);
    expect(none.body).toEqual({});
    // A retailer is its brand's: another brand of the same provider does not see it.
    const otherBrand = await sys.call('GET', `/sps/700001/brands/700002/retailers/${code}`, { token: hs });
    expect(otherBrand.body).toEqual({});
    for (const bad of ['abc', '1234567890', '-1']) {
      const r = await sys.call('GET', `${base}/retailers/${bad}`, { token: hs });
      expect([r.status, codesOf(r)], bad).toEqual([400, ['H267']]);
    }
  });
});

describe('retailer access to consents', () => {
  it('ties a consent to its broker and access list; H180 for codes not of this brand', async () => {
    const broker = await create();
    const shop = await create();
    const foreign = await create({}, '/sps/700001/brands/700002');
    const ok = await sys.call('POST', `${base}/consents`, {
      token: hs,
      body: consent('+905551110001', { retailerCode: broker, retailerAccess: [shop] }),
    });
    expect(ok.status, ok.text).toBe(200);
    const unknown = await sys.call('POST', `${base}/consents`, {
      token: hs,
      body: consent('+905551110002', { retailerCode: 12345678 }),
    });
    expect(unknown.status).toBe(403);
    expect(unknown.body.errors[0]).toMatchObject({
      code: 'H180',
      location: ['retailerCode'],
      value: 12345678,
    });
    const otherBrand = await sys.call('POST', `${base}/consents`, {
      token: hs,
      body: consent('+905551110002', { retailerAccess: [shop, foreign] }),
    });
    expect(otherBrand.status).toBe(403);
    expect(otherBrand.body.errors[0]).toMatchObject({ code: 'H180', location: ['retailerAccess', 1] });

    const list = await sys.call('POST', `${base}/consent/retailers/access/list`, {
      token: hs,
      body: { recipient: '+905551110001', type: 'MESAJ', recipientType: 'BIREYSEL' },
    });
    expect(list.status).toBe(200);
    expect(list.body.pagination.totalCount).toBe(2);
    expect(list.body.list.map((r: { retailerCode: number }) => r.retailerCode).sort()).toEqual(
      [broker, shop].sort(),
    );
    const single = await sys.call('GET', `${base}/retailers/${broker}`, { token: hs });
    expect(single.body.retailerAccessCount).toBe(1);
    // consentDetail names the broker, as İYS's example does (retailerCode with retailerTitle).
    const detail = await sys.call('POST', `${base}/consents/status`, {
      token: hs,
      body: { recipient: '+905551110001', type: 'MESAJ', recipientType: 'BIREYSEL' },
    });
    expect(detail.body).toMatchObject({
      retailerCode: broker,
      retailerTitle: 'XYZ Ticaret',
      retailerAccessCount: 1,
    });

    // deleteRetailer only when tied to no consent.
    const del = await sys.call('DELETE', `${base}/retailers/${broker}`, { token: hs });
    expect(del.status).toBe(400);
    expect(codesOf(del)).toEqual(['H1022']);
    expect(del.body.errors[0].message).toBe(
      `Bayi:${broker} nesnesini silebilmek için önce bayinin izin ilişkileri (retailerCode, retailerAccess) nesnesi silinmelidir.`,
    );
  });

  it('addRetailers, overrideRetailers, remove and remove all; counts follow and a free retailer can be deleted', async () => {
    const [a, b, c] = [await create(), await create(), await create()];
    const who = '+905551110010';
    expect(
      (await sys.call('POST', `${base}/consents`, { token: hs, body: consent(who, { retailerCode: a }) }))
        .status,
    ).toBe(200);
    const key = { recipient: who, type: 'MESAJ', recipientType: 'BIREYSEL' };
    const listed = async () =>
      (await sys.call('POST', `${base}/consent/retailers/access/list`, { token: hs, body: key })).body.list
        .map((r: { retailerCode: number }) => r.retailerCode)
        .sort();

    const add = await sys.call('POST', `${base}/consents/retailers/access`, {
      token: hs,
      body: { ...key, retailerAccess: [b] },
    });
    expect(add.status, add.text).toBe(200);
    expect(add.body.transactionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(add.body.creationDate).toMatch(/^2026-11-25 10:\d\d:\d\d$/);
    expect(await listed()).toEqual([a, b].sort());

    const missing = await sys.call('POST', `${base}/consents/retailers/access`, {
      token: hs,
      body: { ...key, recipient: '+905551119999', retailerAccess: [b] },
    });
    expect(missing.status).toBe(400);
    expect(codesOf(missing)).toEqual(['H401']);

    // override drops the broker too.
    const put = await sys.call('PUT', `${base}/consents/retailers/access`, {
      token: hs,
      body: { type: 'MESAJ', recipientType: 'BIREYSEL', recipients: [who], retailerAccess: [c] },
    });
    expect([put.status, put.body, put.headers.get('content-type')]).toEqual([
      202,
      1,
      'application/json; charset=utf-8',
    ]);
    expect(await listed()).toEqual([c]);
    const status = await sys.call('POST', `${base}/consents/status`, { token: hs, body: key });
    expect(status.body.retailerAccessCount).toBe(1);
    expect(status.body.retailerCode).toBeUndefined();

    const rm = await sys.call('POST', `${base}/consents/retailers/access/remove`, {
      token: hs,
      body: { type: 'MESAJ', recipientType: 'BIREYSEL', recipients: [who], retailerAccess: [c] },
    });
    expect([rm.status, rm.text]).toEqual([202, '1']);
    expect(await listed()).toEqual([]);

    await sys.call('PUT', `${base}/consents/retailers/access`, {
      token: hs,
      body: { type: 'MESAJ', recipientType: 'BIREYSEL', recipients: [who], retailerAccess: [a, b] },
    });
    expect(await listed()).toEqual([a, b].sort());
    const all = await sys.call('POST', `${base}/consents/retailers/access/remove/all`, {
      token: hs,
      body: { type: 'MESAJ', recipientType: 'BIREYSEL', recipients: [who] },
    });
    expect([all.status, all.text]).toEqual([202, '1']);
    expect(await listed()).toEqual([]);

    for (const code of [a, b, c]) {
      const one = await sys.call('GET', `${base}/retailers/${code}`, { token: hs });
      expect(one.body.retailerAccessCount, String(code)).toBe(0);
      const del = await sys.call('DELETE', `${base}/retailers/${code}`, { token: hs });
      expect(del.status, del.text).toBe(200);
      expect(del.text).toBe('Başarı');
    }
    const gone = await sys.call('DELETE', `${base}/retailers/${a}`, { token: hs });
    expect(gone.status).toBe(404);
    expect(codesOf(gone)).toEqual(['H058']);
    // A deleted retailer's code is no longer accepted on consents.
    const after = await sys.call('POST', `${base}/consents/retailers/access`, {
      token: hs,
      body: { ...key, retailerAccess: [a] },
    });
    expect(codesOf(after)).toEqual(['H180']);
  });

  it('checks the access bodies field by field', async () => {
    const path = `${base}/consents/retailers/access`;
    const cases: [string, string, Record<string, unknown>, string[]][] = [
      ['POST', path, {}, ['H111', 'H114', 'H169', 'H170']],
      [
        'POST',
        path,
        { type: 'EPOSTAA', recipient: 'ali@example.com', recipientType: 'TACIRR', retailerAccess: [] },
        ['H116', 'H117', 'H163'],
      ],
      [
        'POST',
        path,
        { type: 'MESAJ', recipient: '905546789898', recipientType: 'BIREYSEL', retailerAccess: [10000000] },
        ['H121'],
      ],
      [
        'PUT',
        path,
        { type: 'MESAJ', recipientType: 'BIREYSEL', recipients: [], retailerAccess: [10000000] },
        ['H164'],
      ],
      ['PUT', path, { type: 'MESAJ', recipientType: 'BIREYSEL', retailerAccess: [10000000] }, ['H168']],
      [
        'PUT',
        path,
        {
          type: 'MESAJ',
          recipientType: 'BIREYSEL',
          recipients: Array(101).fill('+905551110001'),
          retailerAccess: [10000000],
        },
        ['H127'],
      ],
      [
        'POST',
        `${path}/remove`,
        {
          type: 'MESAJ',
          recipientType: 'BIREYSEL',
          recipients: ['+905551110001'],
          retailerAccess: Array.from({ length: 101 }, (_, i) => 10000000 + i),
        },
        ['H126'],
      ],
      [
        'POST',
        `${path}/remove/all`,
        { type: 'EPOSTA', recipientType: 'BIREYSEL', recipients: ['ornekmail.com'] },
        ['H120'],
      ],
    ];
    for (const [method, p, body, codes] of cases) {
      const r = await sys.call(method, p, { token: hs, body });
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(codesOf(r).sort(), JSON.stringify(body).slice(0, 80)).toEqual(codes);
    }
    const list = await sys.call('POST', `${base}/consent/retailers/access/list?limit=101`, {
      token: hs,
      body: { recipient: '+905551110001', type: 'MESAJ', recipientType: 'BIREYSEL' },
    });
    expect(codesOf(list)).toEqual(['H186']);
    expect((await sys.call('POST', path, { token: hs, body: [] })).body.errors[0].code).toBe('H090');
    expect((await sys.call('PUT', path, { token: hs, body: 'x' })).body.errors[0].code).toBe('H171');
  });

  it('keeps other providers and integrators without a write grant out', async () => {
    const r = await sys.call('GET', `${base}/retailers`, { token: other });
    expect(r.status).toBe(403);
    expect(codesOf(r)).toEqual(['H353']);
    // The seeded integrator may read and write MESAJ of brand 700001 but has nothing on 700002.
    expect((await sys.call('GET', `${base}/retailers`, { token: integrator })).status).toBe(200);
    const b2 = await sys.call('GET', '/sps/700001/brands/700002/retailers', { token: integrator });
    expect(codesOf(b2)).toEqual(['H353']);
    // ARAMA is read-only for it: no retailer access change on ARAMA consents.
    const arama = await sys.call('PUT', `${base}/consents/retailers/access`, {
      token: integrator,
      body: {
        type: 'ARAMA',
        recipientType: 'BIREYSEL',
        recipients: ['+905551110001'],
        retailerAccess: [10000000],
      },
    });
    expect(codesOf(arama)).toEqual(['H353']);
  });
});

describe('/info', () => {
  it('lists 81 cities and 970 towns, and single items with 204 when missing', async () => {
    const cities = await sys.call('GET', '/info/city', { token: hs });
    expect(cities.body).toHaveLength(81);
    expect(cities.body[33]).toEqual({ code: 34, name: 'İstanbul' });
    const towns = await sys.call('GET', '/info/town', { token: integrator });
    expect(towns.body).toHaveLength(970);
    expect((await sys.call('GET', '/info/city/6', { token: hs })).body).toEqual({ code: 6, name: 'Ankara' });
    expect((await sys.call('GET', '/info/town/16', { token: hs })).body).toEqual({
      code: 16,
      name: 'Adıyaman Merkez',
      city_code: 2,
    });
    expect((await sys.call('GET', '/info/city/82', { token: hs })).status).toBe(204);
    expect((await sys.call('GET', '/info/town/971', { token: hs })).status).toBe(204);
    expect(codesOf(await sys.call('GET', '/info/city/abc', { token: hs }))).toEqual(['H241']);
    expect((await sys.call('GET', '/info/city')).status).toBe(401);
  });
});
