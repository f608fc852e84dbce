import { describe, expect, it } from 'vitest';
import { IysError } from '../../../functions/domain/errors.js';
import type { CreateRetailerBody } from '../../../functions/schemas/retailers.js';
import { refusal } from './refusal.js';
import { BRAND, memoryRetailers, OTHER_BRAND, retailersOver } from './retailer-fakes.js';

/** The retailer use cases over in-memory fakes of their ports (test/unit/app/retailer-fakes.ts). */
const now = new Date('2026-03-01T09:30:00Z');

function setup() {
  const fake = memoryRetailers({ now });
  return { fake, uc: retailersOver(fake) };
}

const body = (extra: Partial<CreateRetailerBody> = {}): CreateRetailerBody =>
  ({
    title: 'Bayi A.Ş.',
    name: 'Ayşe Yılmaz',
    tckn: '10000000146',
    tin: '1234567890',
    city: { code: '34', name: 'İSTANBUL' },
    town: { code: '450', name: 'KADIKÖY' },
    ...extra,
  }) as CreateRetailerBody;

const PHONE = '+905321234567';
const PHONE2 = '+905321234568';
const brandKeyId = `SP#${BRAND.iysCode}|BRAND#${String(BRAND.brandCode).padStart(12, '0')}`;

/** A retailer of each brand, and one consent of BRAND without ties. */
function withRetailers() {
  const s = setup();
  const a = s.fake.putRetailer({ ...BRAND, retailerCode: 11111111 });
  const b = s.fake.putRetailer({ ...BRAND, retailerCode: 22222222 });
  const other = s.fake.putRetailer({ ...OTHER_BRAND, retailerCode: 33333333 });
  return { ...s, a, b, other };
}

describe('creating a retailer', () => {
  it('issues a random 8-digit code and stores the profile, the claims and the brand count together', async () => {
    const { fake, uc } = setup();
    const code = await uc.createRetailer(BRAND, body({ mersis: '0123456789000015', alias: 'Şube' }));
    expect(code).toBeGreaterThanOrEqual(10_000_000);
    expect(code).toBeLessThanOrEqual(99_999_999);
    expect(fake.profiles.get(`${BRAND.iysCode}:${BRAND.brandCode}:${code}`)).toEqual({
      iysCode: BRAND.iysCode,
      brandCode: BRAND.brandCode,
      retailerCode: code,
      title: 'Bayi A.Ş.',
      name: 'Ayşe Yılmaz',
      tckn: '10000000146',
      tin: '1234567890',
      mersis: '0123456789000015',
      alias: 'Şube',
      city: { code: '34', name: 'İSTANBUL' },
      town: { code: '450', name: 'KADIKÖY' },
      status: 'active',
      accessCount: 0,
      createdAt: now.toISOString(),
    });
    expect(fake.brandCounts.get(brandKeyId)).toBe(1);
    // One claim per number, keyed by its HMAC: no identity number sits in a key.
    const claimKeys = [...fake.claims.keys()];
    expect(claimKeys).toHaveLength(2);
    expect(claimKeys.filter((k) => k.includes('#T#'))).toHaveLength(1);
    expect(claimKeys.filter((k) => k.includes('#M#'))).toHaveLength(1);
    expect(claimKeys.some((k) => k.includes('10000000146') || k.includes('0123456789000015'))).toBe(false);
    expect([...fake.claims.values()]).toEqual([code, code]);
  });

  it('keeps the status given and leaves out optional fields not given', async () => {
    const { fake, uc } = setup();
    const code = await uc.createRetailer(BRAND, body({ status: 'suspended', mobile: '+905321234567' }));
    const item = fake.profiles.get(`${BRAND.iysCode}:${BRAND.brandCode}:${code}`)!;
    expect(item.status).toBe('suspended');
    expect(item.mobile).toBe('+905321234567');
    expect('mersis' in item || 'alias' in item).toBe(false);
    expect([...fake.claims.keys()].filter((k) => k.includes('#M#'))).toHaveLength(0);
  });

  it('refuses a TCKN or MERSIS the brand already has (H231, H230); another brand may use them', async () => {
    const { fake, uc } = setup();
    await uc.createRetailer(BRAND, body({ mersis: '0123456789000015' }));
    expect(await refusal(uc.createRetailer(BRAND, body({ mersis: '0999999999000015' })))).toEqual({
      status: 400,
      codes: ['H231'],
    });
    const e = await uc.createRetailer(BRAND, body({ tckn: '20000000046', mersis: '0123456789000015' })).then(
      () => undefined,
      (x: IysError) => x,
    );
    expect(e).toBeInstanceOf(IysError);
    expect(e!.errors).toEqual([expect.objectContaining({ code: 'H230', location: ['mersis'] })]);
    await expect(uc.createRetailer(OTHER_BRAND, body({ mersis: '0123456789000015' }))).resolves.toEqual(
      expect.any(Number),
    );
    expect(fake.brandCounts.get(brandKeyId)).toBe(1);
  });

  it('names a passive holder of the number (H253), with the TCKN message for a TCKN', async () => {
    const { fake, uc } = setup();
    const code = await uc.createRetailer(BRAND, body({ mersis: '0123456789000015' }));
    fake.profiles.get(`${BRAND.iysCode}:${BRAND.brandCode}:${code}`)!.status = 'passive';
    const byTckn = await uc.createRetailer(BRAND, body()).catch((x: IysError) => x);
    expect((byTckn as IysError).errors).toEqual([
      {
        code: 'H253',
        location: ['tckn'],
        message:
          'Verilen iysCode altında aynı kimlik numarası ile kaydedilen pasif bir bayi hâlihazırda mevcuttur.',
      },
    ]);
    const byMersis = await uc
      .createRetailer(BRAND, body({ tckn: '20000000046', mersis: '0123456789000015' }))
      .catch((x: IysError) => x);
    expect((byMersis as IysError).errors).toEqual([
      {
        code: 'H253',
        location: ['mersis'],
        message:
          'Verilen iysCode altında aynı mersis numarası ile kaydedilen pasif bir bayi hâlihazırda mevcuttur.',
      },
    ]);
  });

  it('without cancellation reasons, reads the claims itself before trying another code', async () => {
    const { fake, uc } = setup();
    await uc.createRetailer(BRAND, body({ mersis: '0123456789000015' }));
    fake.control.noReasons = true;
    fake.calls.creates = 0;
    expect((await refusal(uc.createRetailer(BRAND, body())))?.codes).toEqual(['H231']);
    expect(
      (await refusal(uc.createRetailer(BRAND, body({ tckn: '20000000046', mersis: '0123456789000015' }))))
        ?.codes,
    ).toEqual(['H230']);
    // Each refusal took one attempt: the claims were read, no new code was tried.
    expect(fake.calls.creates).toBe(2);
  });

  it('tries a new code after a collision, and gives up after 20 (H067)', async () => {
    const { fake, uc } = setup();
    fake.control.collisions = 19;
    await expect(uc.createRetailer(BRAND, body())).resolves.toEqual(expect.any(Number));
    expect(fake.calls.creates).toBe(20);
    fake.control.collisions = 20;
    expect(await refusal(uc.createRetailer(BRAND, body({ tckn: '20000000046' })))).toEqual({
      status: 400,
      codes: ['H067'],
    });
    expect(fake.calls.creates).toBe(40);
    expect(fake.brandCounts.get(brandKeyId)).toBe(1);
  });
});

describe('listing and reading retailers', () => {
  function listed() {
    const s = setup();
    for (const [i, status] of (['active', 'passive', 'suspended', 'active'] as const).entries())
      s.fake.putRetailer({ ...BRAND, retailerCode: 40000000 + i, status, accessCount: i === 3 ? -2 : i });
    s.fake.putRetailer({ ...OTHER_BRAND, retailerCode: 49999999 });
    return s;
  }

  it('lists the brand’s retailers in code order without the passive ones, paginated', async () => {
    const { uc } = listed();
    const all = await uc.searchRetailers(BRAND, {});
    expect(all.pagination).toEqual({ offset: 0, pageSize: 3, totalCount: 3, currentPage: 1 });
    expect(all.list.map((r) => r.retailerCode)).toEqual([40000000, 40000002, 40000003]);
    const page = await uc.searchRetailers(BRAND, { offset: 2, limit: 2 });
    expect(page.pagination).toEqual({ offset: 2, pageSize: 1, totalCount: 3, currentPage: 2 });
    expect(page.list.map((r) => r.retailerCode)).toEqual([40000003]);
  });

  it('lists every retailer with `all`, and the short view with `short`', async () => {
    const { uc } = listed();
    const all = await uc.searchRetailers(BRAND, { all: true, short: true });
    expect(all.pagination.totalCount).toBe(4);
    expect(all.list[1]).toEqual({
      title: 'Bayi 40000001',
      city: { code: '34', name: 'İSTANBUL' },
      retailerAccessCount: 1,
      retailerCode: 40000001,
      status: 'passive',
    });
    // A count that went below zero reads as 0.
    expect(all.list[3]!.retailerAccessCount).toBe(0);
  });

  it('shows the full view: codes of places as strings, optional fields only when set', async () => {
    const { fake, uc } = setup();
    fake.putRetailer({
      ...BRAND,
      retailerCode: 12345678,
      mersis: '0123456789000015',
      mobile: '+905321234567',
    });
    const { list } = await uc.searchRetailers(BRAND, {});
    expect(list).toEqual([
      {
        title: 'Bayi 12345678',
        mersis: '0123456789000015',
        name: 'Ad Soyad',
        tckn: '10000000146',
        mobile: '+905321234567',
        tin: '1234567890',
        city: { code: '34', name: 'İSTANBUL' },
        town: { code: '450', name: 'KADIKÖY' },
        status: 'active',
        retailerAccessCount: 0,
        retailerCode: 12345678,
      },
    ]);
  });

  it('reads one retailer without its code, and answers {} for none (İYS 0.2.0)', async () => {
    const { fake, uc } = setup();
    fake.putRetailer({ ...BRAND, retailerCode: 12345678, alias: 'Şube', accessCount: 3 });
    expect(await uc.searchSingleRetailer(BRAND, 12345678)).toEqual({
      title: 'Bayi 12345678',
      alias: 'Şube',
      name: 'Ad Soyad',
      tckn: '10000000146',
      tin: '1234567890',
      city: { code: '34', name: 'İSTANBUL' },
      town: { code: '450', name: 'KADIKÖY' },
      status: 'active',
      retailerAccessCount: 3,
    });
    expect(await uc.searchSingleRetailer(BRAND, 87654321)).toEqual({});
    expect(await uc.searchSingleRetailer(OTHER_BRAND, 12345678)).toEqual({});
  });
});

describe('deleting a retailer', () => {
  it('removes the profile and its claims, keeps the code issued, forgets it here', async () => {
    const { fake, uc } = setup();
    const code = await uc.createRetailer(BRAND, body({ mersis: '0123456789000015' }));
    await uc.deleteRetailer(BRAND, code);
    expect(fake.profiles.size).toBe(0);
    expect(fake.claims.size).toBe(0);
    expect(fake.brandCounts.get(brandKeyId)).toBe(0);
    expect(fake.calls.forgotten).toEqual([code]);
    expect(
      (await refusal(uc.checkRetailerCodes(BRAND, { field: 'retailerAccess', codes: [code] })))?.codes,
    ).toEqual(['H180']);
    // The numbers are free again.
    await expect(uc.createRetailer(BRAND, body({ mersis: '0123456789000015' }))).resolves.not.toBe(code);
  });

  it('refuses an unknown retailer (H058) and one tied to consents (400 H1022), before or during the delete', async () => {
    const { fake, uc } = setup();
    const e = await uc.deleteRetailer(BRAND, 87654321).catch((x: IysError) => x);
    expect((e as IysError).status).toBe(404);
    expect((e as IysError).errors).toEqual([
      {
        code: 'H058',
        message: 'Bayi:87654321 bulunamadı.!',
        location: ['retailerCode'],
        value: 87654321,
      },
    ]);
    fake.putRetailer({ ...BRAND, retailerCode: 11111111, accessCount: 1 });
    expect(await refusal(uc.deleteRetailer(BRAND, 11111111))).toEqual({ status: 400, codes: ['H1022'] });
    fake.putRetailer({ ...BRAND, retailerCode: 22222222 });
    fake.control.tiedBeforeDelete = true;
    expect(await refusal(uc.deleteRetailer(BRAND, 22222222))).toEqual({ status: 400, codes: ['H1022'] });
    expect(fake.profiles.size).toBe(2);
    expect(fake.calls.forgotten).toEqual([]);
  });
});

describe('retailer codes of a brand (H180)', () => {
  it('passes the brand’s codes and refuses others, each at its place', async () => {
    const { uc } = withRetailers();
    await expect(
      uc.checkRetailerCodes(BRAND, { field: 'retailerAccess', codes: [11111111, 22222222] }),
    ).resolves.toBeUndefined();
    const e = await uc
      .checkRetailerCodes(BRAND, { field: 'retailerAccess', codes: [11111111, 33333333, 44444444] })
      .catch((x: IysError) => x);
    expect((e as IysError).status).toBe(403);
    expect((e as IysError).errors.map(({ code, location, value }) => ({ code, location, value }))).toEqual([
      { code: 'H180', location: ['retailerAccess', 1], value: 33333333 },
      { code: 'H180', location: ['retailerAccess', 2], value: 44444444 },
    ]);
  });

  it('names the field alone for a single code, and the batch index when given', async () => {
    const { uc } = withRetailers();
    const e = await uc
      .checkRetailerCodes(OTHER_BRAND, { field: 'retailerCode', codes: [11111111], single: true }, 7)
      .catch((x: IysError) => x);
    expect((e as IysError).errors).toEqual([
      expect.objectContaining({ code: 'H180', location: ['retailerCode'], value: 11111111, index: 7 }),
    ]);
  });

  it('counts follow a consent’s ties; no change asks nothing', async () => {
    const { fake, uc } = withRetailers();
    await uc.tiesChanged(BRAND, undefined, { retailerCode: 11111111, retailerAccess: [22222222] });
    expect([fake.countOf(BRAND, 11111111), fake.countOf(BRAND, 22222222)]).toEqual([1, 1]);
    await uc.tiesChanged(
      BRAND,
      { retailerCode: 11111111, retailerAccess: [22222222] },
      { retailerAccess: [22222222] },
    );
    expect([fake.countOf(BRAND, 11111111), fake.countOf(BRAND, 22222222)]).toEqual([0, 1]);
    await uc.tiesChanged(BRAND, { retailerAccess: [22222222] }, { retailerAccess: [22222222] });
    expect(fake.calls.countChanges).toHaveLength(2);
  });
});

describe('access to one consent (addRetailers)', () => {
  const add = (codes: number[], recipient = PHONE) => ({
    recipient,
    recipientType: 'BIREYSEL' as const,
    type: 'MESAJ' as const,
    retailerAccess: codes,
  });

  it('adds the codes once, keeps the broker, counts each new retailer, answers a UUID and the time', async () => {
    const { fake, uc } = withRetailers();
    fake.putConsent(BRAND, PHONE, 'MESAJ', { retailerCode: 11111111 });
    const r = await uc.addRetailers(BRAND, add([11111111, 22222222]));
    expect(r.transactionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.creationDate).toBe('2026-03-01 12:30:00');
    expect(fake.tiesOf(BRAND, PHONE, 'MESAJ')).toEqual({
      retailerCode: 11111111,
      retailerAccess: [11111111, 22222222],
    });
    // The broker was already tied: only 22222222 gains a consent.
    expect(fake.calls.countChanges).toEqual([new Map([[22222222, 1]])]);
    // The same request again changes nothing and writes nothing.
    const writes = fake.calls.tieWrites;
    await uc.addRetailers(BRAND, add([22222222]));
    expect(fake.calls.tieWrites).toBe(writes);
    expect(fake.countOf(BRAND, 22222222)).toBe(1);
  });

  it('refuses codes of another brand (H180) before reading the consent, and a missing consent (H401)', async () => {
    const { fake, uc } = withRetailers();
    expect(await refusal(uc.addRetailers(BRAND, add([33333333])))).toEqual({ status: 403, codes: ['H180'] });
    expect(await refusal(uc.addRetailers(BRAND, add([11111111])))).toEqual({ status: 400, codes: ['H401'] });
    expect(fake.calls.tieWrites).toBe(0);
  });

  it('refuses an unknown provider (H001) and an address that is not one (the address rules)', async () => {
    const { fake, uc } = withRetailers();
    expect((await refusal(uc.addRetailers(BRAND, add([11111111], '05321234567'))))?.codes).toEqual(['H121']);
    fake.control.provider = undefined;
    expect(await refusal(uc.addRetailers(BRAND, add([11111111])))).toEqual({ status: 404, codes: ['H001'] });
  });

  it('refuses more than 3000 retailers on one consent (H126)', async () => {
    const { fake, uc } = withRetailers();
    const many = Array.from({ length: 3000 }, (_, i) => 50_000_000 + i);
    fake.putConsent(BRAND, PHONE, 'MESAJ', { retailerAccess: many });
    expect(await refusal(uc.addRetailers(BRAND, add([11111111])))).toEqual({ status: 422, codes: ['H126'] });
    expect(fake.tiesOf(BRAND, PHONE, 'MESAJ')?.retailerAccess).toHaveLength(3000);
  });

  it('reads again after a lost race and counts once; gives up after 12 attempts (X010)', async () => {
    const { fake, uc } = withRetailers();
    fake.putConsent(BRAND, PHONE, 'MESAJ');
    fake.control.conflictsToInject = 2;
    await uc.addRetailers(BRAND, add([11111111]));
    expect(fake.calls.tieWrites).toBe(3);
    expect(fake.countOf(BRAND, 11111111)).toBe(1);
    fake.control.conflictsToInject = 12;
    expect(await refusal(uc.addRetailers(BRAND, add([22222222])))).toEqual({ status: 409, codes: ['X010'] });
    expect(fake.tiesOf(BRAND, PHONE, 'MESAJ')).toEqual({ retailerAccess: [11111111] });
    expect(fake.countOf(BRAND, 22222222)).toBe(0);
    // The twelfth attempt still counts.
    fake.control.conflictsToInject = 11;
    await uc.addRetailers(BRAND, add([22222222]));
    expect(fake.tiesOf(BRAND, PHONE, 'MESAJ')).toEqual({ retailerAccess: [11111111, 22222222] });
  });
});

describe('access to many consents (override, remove, remove all)', () => {
  const many = (recipients: string[]) => ({
    recipients,
    recipientType: 'BIREYSEL' as const,
    type: 'MESAJ' as const,
  });

  function tied() {
    const s = withRetailers();
    s.fake.putConsent(BRAND, PHONE, 'MESAJ', { retailerCode: 11111111, retailerAccess: [22222222] });
    s.fake.putConsent(BRAND, PHONE2, 'MESAJ', { retailerAccess: [11111111] });
    s.a.accessCount = 2;
    s.b.accessCount = 1;
    return s;
  }

  it('override sets the list on each consent, the broker dropped; missing consents are counted, repeats once', async () => {
    const { fake, uc } = tied();
    const r = await uc.changeManyConsents(BRAND, many([PHONE, PHONE2, PHONE, '+905321234569']), {
      kind: 'override',
      codes: [22222222],
    });
    expect(r).toEqual({ changed: 2, missing: 1 });
    expect(fake.tiesOf(BRAND, PHONE, 'MESAJ')).toEqual({ retailerAccess: [22222222] });
    expect(fake.tiesOf(BRAND, PHONE2, 'MESAJ')).toEqual({ retailerAccess: [22222222] });
    expect([fake.countOf(BRAND, 11111111), fake.countOf(BRAND, 22222222)]).toEqual([0, 2]);
    expect(fake.calls.accessChanged).toEqual([
      { iysCode: BRAND.iysCode, brandCode: BRAND.brandCode, kind: 'override', changed: 2, missing: 1 },
    ]);
  });

  it('override checks its codes against the brand (H180); remove and remove all do not', async () => {
    const { fake, uc } = tied();
    expect(
      await refusal(uc.changeManyConsents(BRAND, many([PHONE]), { kind: 'override', codes: [33333333] })),
    ).toEqual({ status: 403, codes: ['H180'] });
    expect(fake.calls.tieWrites).toBe(0);
    const lookups = fake.calls.lookups.length;
    await uc.changeManyConsents(BRAND, many([PHONE]), { kind: 'remove', codes: [33333333] });
    expect(fake.calls.lookups.length).toBe(lookups);
    expect(fake.tiesOf(BRAND, PHONE, 'MESAJ')).toEqual({
      retailerCode: 11111111,
      retailerAccess: [22222222],
    });
  });

  it('remove drops the listed codes, the broker too; remove all drops every tie', async () => {
    const { fake, uc } = tied();
    expect(
      await uc.changeManyConsents(BRAND, many([PHONE, PHONE2]), { kind: 'remove', codes: [11111111] }),
    ).toEqual({ changed: 2, missing: 0 });
    expect(fake.tiesOf(BRAND, PHONE, 'MESAJ')).toEqual({ retailerAccess: [22222222] });
    expect(fake.tiesOf(BRAND, PHONE2, 'MESAJ')).toEqual({});
    expect(fake.countOf(BRAND, 11111111)).toBe(0);
    expect(await uc.changeManyConsents(BRAND, many([PHONE]), { kind: 'removeAll' })).toEqual({
      changed: 1,
      missing: 0,
    });
    expect(fake.tiesOf(BRAND, PHONE, 'MESAJ')).toEqual({});
    expect(fake.countOf(BRAND, 22222222)).toBe(0);
    expect(fake.calls.accessChanged.map((s) => s.kind)).toEqual(['remove', 'removeAll']);
  });

  it('refuses the whole request when one address is not one, changing nothing', async () => {
    const { fake, uc } = tied();
    expect(
      (await refusal(uc.changeManyConsents(BRAND, many([PHONE, '05321234567']), { kind: 'removeAll' })))
        ?.codes,
    ).toEqual(['H121']);
    expect(fake.calls.tieWrites).toBe(0);
    expect(fake.calls.accessChanged).toEqual([]);
  });
});

describe('the retailers of one consent', () => {
  const ref = { recipient: PHONE, recipientType: 'BIREYSEL' as const, type: 'MESAJ' as const };

  it('lists the access list, then the broker, paginated, without status, count or TIN', async () => {
    const { fake, uc } = withRetailers();
    fake.putConsent(BRAND, PHONE, 'MESAJ', { retailerCode: 22222222, retailerAccess: [11111111] });
    const r = await uc.retailersOfConsent(BRAND, ref, {});
    expect(r.pagination).toEqual({ offset: 0, pageSize: 2, totalCount: 2 });
    expect(r.list.map((x) => x.retailerCode)).toEqual([11111111, 22222222]);
    expect(r.list[1]).toEqual({
      title: 'Bayi 22222222',
      name: 'Ad Soyad',
      tckn: '10000000146',
      city: { code: '34', name: 'İSTANBUL' },
      town: { code: '450', name: 'KADIKÖY' },
      retailerCode: 22222222,
    });
    const second = await uc.retailersOfConsent(BRAND, ref, { offset: 1, limit: 1 });
    expect(second.pagination).toEqual({ offset: 1, pageSize: 1, totalCount: 2 });
    expect(second.list.map((x) => x.retailerCode)).toEqual([22222222]);
  });

  it('counts ties whose profile is gone but lists only those found; no consent lists nothing', async () => {
    const { fake, uc } = withRetailers();
    fake.putConsent(BRAND, PHONE, 'MESAJ', { retailerAccess: [11111111, 87654321] });
    const r = await uc.retailersOfConsent(BRAND, ref, {});
    expect(r.pagination).toEqual({ offset: 0, pageSize: 1, totalCount: 2 });
    expect(r.list.map((x) => x.retailerCode)).toEqual([11111111]);
    expect(await uc.retailersOfConsent(BRAND, { ...ref, recipient: PHONE2 }, {})).toEqual({
      pagination: { offset: 0, pageSize: 0, totalCount: 0 },
      list: [],
    });
    fake.control.provider = undefined;
    expect((await refusal(uc.retailersOfConsent(BRAND, ref, {})))?.codes).toEqual(['H001']);
  });
});
