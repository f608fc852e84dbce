import { BatchGetCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newContainer } from '../../../functions/adapters/container.js';
import { forgetRetailer, retailerBrands, retailerTitle } from '../../../functions/adapters/retailer-codes.js';

/** The cached retailer-code look-up behind H180 (functions/adapters/retailer-codes.ts), over a mocked table. */
const doc = mockClient(DynamoDBDocumentClient);
const table = 'registry-test';
const claim = (retailerCode: number, brandCode: number, deleted?: boolean) => ({
  pk: `RTL#${retailerCode}`,
  sk: '#',
  kind: 'RETAILER_CODE',
  retailerCode,
  iysCode: 700001,
  brandCode,
  ...(deleted ? { deleted: true } : {}),
});
/** Codes asked of the table, per BatchGetItem. */
const asked = () =>
  doc
    .commandCalls(BatchGetCommand)
    .map((c) => (c.args[0].input.RequestItems?.[table]?.Keys ?? []).map((k) => k.pk as string));

beforeEach(() => {
  doc.reset();
  newContainer();
  process.env.IYS_TABLE_REGISTRY = table;
  doc
    .on(BatchGetCommand)
    .callsFake(async (input: { RequestItems: Record<string, { Keys: { pk: string }[] }> }) => {
      const all = [claim(11111111, 700001), claim(22222222, 700002), claim(33333333, 700001, true)];
      const wanted = new Set(input.RequestItems[table]!.Keys.map((k) => k.pk));
      return { Responses: { [table]: all.filter((c) => wanted.has(c.pk)) } };
    });
});
afterEach(() => {
  delete process.env.IYS_TABLE_REGISTRY;
  vi.useRealTimers();
});
afterAll(() => doc.restore());

describe('retailer codes (cached look-up)', () => {
  it('answers the brand of each known code; deleted and unknown codes are not known', async () => {
    const found = await retailerBrands([11111111, 22222222, 33333333, 44444444, 11111111]);
    expect(found).toEqual(
      new Map([
        [11111111, { iysCode: 700001, brandCode: 700001 }],
        [22222222, { iysCode: 700001, brandCode: 700002 }],
      ]),
    );
    // Each code asked once, however often it was named.
    expect(asked()).toEqual([['RTL#11111111', 'RTL#22222222', 'RTL#33333333', 'RTL#44444444']]);
  });

  it('a code deleted by another container stops being known here once its cached entry is older than the TTL', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let deleted = false;
    doc.on(BatchGetCommand).callsFake(async () => ({
      Responses: { [table]: [claim(11111111, 700001, deleted)] },
    }));
    expect((await retailerBrands([11111111])).has(11111111)).toBe(true);
    deleted = true;
    // Within the TTL the cached answer stands (no read); after it, the fresh read finds the code deleted.
    expect((await retailerBrands([11111111])).has(11111111)).toBe(true);
    vi.setSystemTime(Date.now() + 61_000);
    expect((await retailerBrands([11111111])).has(11111111)).toBe(false);
    expect((await retailerBrands([11111111])).has(11111111)).toBe(false);
  });

  it('keeps known codes for the TTL and asks again for the others, and after the TTL', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await retailerBrands([11111111, 44444444]);
    await retailerBrands([11111111, 44444444]);
    expect(asked()).toEqual([['RTL#11111111', 'RTL#44444444'], ['RTL#44444444']]);
    vi.advanceTimersByTime(61_000);
    await retailerBrands([11111111]);
    expect(asked()[2]).toEqual(['RTL#11111111']);
  });

  it('forgets a code deleted here, and a new system starts empty', async () => {
    await retailerBrands([11111111, 22222222]);
    forgetRetailer(11111111);
    await retailerBrands([11111111, 22222222]);
    expect(asked()[1]).toEqual(['RTL#11111111']);
    newContainer();
    await retailerBrands([22222222]);
    expect(asked()[2]).toEqual(['RTL#22222222']);
  });
});

describe('retailer titles (consentDetail)', () => {
  const profile = {
    pk: 'SP#700001',
    sk: 'RETAILER#700001#11111111',
    retailerCode: 11111111,
    iysCode: 700001,
    brandCode: 700001,
    title: 'XYZ TİCARET',
  };
  /** The profile keys asked of the table, one per GetItem. */
  const gets = () => doc.commandCalls(GetCommand).map((c) => c.args[0].input.Key?.sk as string);
  beforeEach(() => {
    doc
      .on(GetCommand)
      .callsFake(async (input: { Key: { sk: string } }) =>
        input.Key.sk === profile.sk ? { Item: profile } : {},
      );
  });

  it('costs one GetItem per retailer and warm container, again after the TTL; a missing one is not kept', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(await retailerTitle(700001, 700001, 11111111)).toBe('XYZ TİCARET');
    expect(await retailerTitle(700001, 700001, 11111111)).toBe('XYZ TİCARET');
    expect(gets()).toEqual(['RETAILER#700001#11111111']);
    expect(await retailerTitle(700001, 700001, 22222222)).toBeUndefined();
    expect(await retailerTitle(700001, 700001, 22222222)).toBeUndefined();
    expect(gets()).toHaveLength(3);
    vi.advanceTimersByTime(61_000);
    await retailerTitle(700001, 700001, 11111111);
    expect(gets()).toHaveLength(4);
    forgetRetailer(11111111);
    await retailerTitle(700001, 700001, 11111111);
    expect(gets()).toHaveLength(5);
  });
});
