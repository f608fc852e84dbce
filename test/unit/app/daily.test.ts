import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MovementItem } from '../../../functions/adapters/consent-store.js';
import type { ProviderItem } from '../../../functions/adapters/registry-store.js';
import {
  type BrandDayResult,
  type DailyPorts,
  dailyKey,
  dayBuilder,
  INLINE_LIMIT,
  reconciliation,
} from '../../../functions/app/daily.js';
import { dailyDownloadRun } from '../../../functions/app/daily-http.js';
import { csvRow, DAILY_HEADER, turkeyDayBounds } from '../../../functions/domain/evidence/daily.js';
import { readTimeStampResponse } from '../../../functions/domain/evidence/tsa.js';
import type { Movement } from '../../../functions/domain/movement.js';
import type { Request } from '../../../functions/http/operation.js';
import { memoryManifests, memoryObjects } from './daily-fakes.js';
import { memoryDirectory, memoryFeed, memoryPki, movementAt, PROVIDER } from './evidence-fakes.js';
import { refusal } from './refusal.js';

/** The daily files (the job's builder and the reconciliation answers) over in-memory fakes of their ports. */
const DAY = '2026-11-25';
const { start, end } = turkeyDayBounds(DAY); // 2026-11-24T21:00Z … 2026-11-25T21:00Z
const NOW = new Date('2026-11-26T06:00:00Z'); // 09:00 Turkey time, the day after
const IYS = PROVIDER.iysCode;
const BRAND = PROVIDER.iysCode;

async function setup(opts: { shards?: number } = {}) {
  let now = NOW;
  const feed = memoryFeed(opts.shards ?? 2);
  const manifests = memoryManifests();
  const objects = memoryObjects();
  const directory = memoryDirectory();
  const pki = await memoryPki(() => now);
  const built: BrandDayResult[] = [];
  const ports: DailyPorts = {
    ...feed.ports,
    manifests: manifests.ports,
    objects: objects.ports,
    provider: directory.provider,
    pki: pki.ports,
    now: () => now,
    dayBuilt: (r) => {
      built.push(r);
    },
  };
  return {
    feed,
    manifests,
    objects,
    directory,
    pki,
    built,
    builder: dayBuilder(ports),
    answers: reconciliation(ports),
    setNow: (d: Date) => {
      now = d;
    },
  };
}

const text = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('utf8');
const hash = (alg: string, b: Uint8Array) => createHash(alg).update(b).digest('hex');

/** The file a list of movements makes: the header, then rows by creation second and transactionId. */
function fileOf(list: { movement: Movement; item: MovementItem }[]): string {
  const rows = [...list].sort((a, b) => (a.item.sk < b.item.sk ? -1 : 1)).map((m) => csvRow(m.movement));
  return DAILY_HEADER + rows.join('');
}

/** A day of one brand: both groups, several hours, both statuses and channels, and movements just outside. */
function aDay(s: Awaited<ReturnType<typeof setup>>) {
  const inside = [
    movementAt(start, { status: 'ONAY', type: 'MESAJ' }),
    movementAt(start + 10, { status: 'RET', type: 'EPOSTA', source: 'IYS_WEB' }),
    movementAt(start + 10, { status: 'ONAY', type: 'MESAJ' }),
    movementAt(start + 3600 * 5 + 7, { status: 'ONAY', type: 'ARAMA', source: 'IYS_MOBIL' }),
    movementAt(start + 3600 * 5 + 7, { status: 'ONAY', type: 'MESAJ', recipientType: 'TACIR' }),
    movementAt(end - 1, { status: 'RET', type: 'MESAJ' }),
  ];
  const outside = [movementAt(start - 1), movementAt(end), movementAt(start + 60, { brandCode: BRAND + 1 })];
  s.feed.add(...inside, ...outside);
  return inside;
}

describe('daily files: building a day', () => {
  it('writes the day file and both lists in file order, hashed, time-stamped and signed, with the summary', async () => {
    const s = await setup();
    const inside = aDay(s);
    const r = await s.builder.buildBrandDay(IYS, BRAND, DAY);
    const changes = fileOf(inside);
    expect(r).toEqual({
      iysCode: IYS,
      brandCode: BRAND,
      date: DAY,
      rows: 6,
      sha384: hash('sha384', Buffer.from(changes)),
      signed: true,
    });
    const stored = (f: string, ext: string) =>
      s.objects.objects.get(dailyKey(IYS, BRAND, DAY, f as never, ext));
    expect(text(stored('changes', 'csv')?.body)).toBe(changes);
    expect(stored('changes', 'csv')?.contentType).toBe('text/csv; charset=utf-8');
    expect(text(stored('approvals', 'csv')?.body)).toBe(
      fileOf(inside.filter((m) => m.movement.status === 'ONAY')),
    );
    expect(text(stored('rejections', 'csv')?.body)).toBe(
      fileOf(inside.filter((m) => m.movement.status === 'RET')),
    );

    const m = (await s.answers.manifest(IYS, BRAND, DAY))!;
    expect(m.builtAt).toBe(NOW.toISOString());
    for (const f of ['changes', 'approvals', 'rejections'] as const) {
      const csv = stored(f, 'csv')!.body;
      expect(m.files[f]).toEqual({
        key: dailyKey(IYS, BRAND, DAY, f, 'csv'),
        bytes: csv.length,
        rows: text(csv).split('\n').length - 2,
        sha256: hash('sha256', csv),
        sha384: hash('sha384', csv),
        tsrKey: dailyKey(IYS, BRAND, DAY, f, 'tsr'),
        p7sKey: dailyKey(IYS, BRAND, DAY, f, 'p7s'),
      });
      // The token stamps the file's SHA-384; the signature is the provider's (one per file).
      const tsr = stored(f, 'tsr')!;
      expect(tsr.contentType).toBe('application/timestamp-reply');
      const info = readTimeStampResponse(tsr.body);
      expect(info.status).toBe(0);
      expect(Buffer.from(info.tstInfo!.hashedMessage).toString('hex')).toBe(m.files[f].sha384);
      expect(stored(f, 'p7s')!.contentType).toBe('application/pkcs7-signature');
    }
    expect([m.files.approvals.rows, m.files.rejections.rows]).toEqual([4, 2]);
    expect(s.pki.calls.providerSigns).toBe(3);
    expect(m.summary).toEqual({
      BIREYSEL: {
        MESAJ: { HS: { approval: 2, rejection: 1, total: 3 } },
        EPOSTA: { IYS: { approval: 0, rejection: 1, total: 1 } },
        ARAMA: { IYS: { approval: 1, rejection: 0, total: 1 } },
      },
      TACIR: { MESAJ: { HS: { approval: 1, rejection: 0, total: 1 } } },
    });
  });

  it('a rebuild of the same movements gives the same bytes and keeps the signatures; force re-signs; a change re-signs', async () => {
    const s = await setup();
    aDay(s);
    const first = await s.builder.buildBrandDay(IYS, BRAND, DAY);
    const manifest = structuredClone(s.manifests.manifests.get(s.manifests.key(IYS, BRAND, DAY)));
    const puts = s.objects.calls.puts;
    const again = await s.builder.buildBrandDay(IYS, BRAND, DAY);
    expect(again).toEqual({ ...first, signed: false });
    expect(s.objects.calls.puts).toBe(puts);
    expect(s.manifests.manifests.get(s.manifests.key(IYS, BRAND, DAY))).toEqual(manifest);

    s.setNow(new Date(NOW.getTime() + 3600_000));
    const forced = await s.builder.buildBrandDay(IYS, BRAND, DAY, { force: true });
    expect(forced).toEqual(first);
    expect(s.objects.calls.puts).toBe(puts + 6);
    expect((await s.answers.manifest(IYS, BRAND, DAY))!.builtAt).toBe(
      new Date(NOW.getTime() + 3600_000).toISOString(),
    );

    s.feed.add(movementAt(start + 99));
    const changed = await s.builder.buildBrandDay(IYS, BRAND, DAY);
    expect([changed.rows, changed.signed]).toEqual([7, true]);
    expect(changed.sha384).not.toBe(first.sha384);
  });

  it('pages through a busy partition and streams big files in chunks, in order', async () => {
    const s = await setup({ shards: 1 });
    const list = Array.from({ length: 1234 }, (_, i) =>
      movementAt(start + 3600 + Math.floor(i / 3), { status: i % 4 ? 'ONAY' : 'RET' }),
    );
    s.feed.add(...list);
    const r = await s.builder.buildBrandDay(IYS, BRAND, DAY);
    expect(r.rows).toBe(1234);
    // One partition, pages of 500: three pages.
    expect(s.feed.calls.feedPartition).toBe(3);
    const csv = text(s.objects.objects.get(dailyKey(IYS, BRAND, DAY, 'changes', 'csv'))!.body);
    expect(csv).toBe(fileOf(list));
  });

  it('an empty day still has its three files (the header only)', async () => {
    const s = await setup();
    const r = await s.builder.buildBrandDay(IYS, BRAND, DAY);
    expect([r.rows, r.signed]).toEqual([0, true]);
    expect(text(s.objects.objects.get(dailyKey(IYS, BRAND, DAY, 'rejections', 'csv'))!.body)).toBe(
      DAILY_HEADER,
    );
  });

  it('an unknown provider is an error; a failed read aborts all three files and writes no manifest', async () => {
    const s = await setup();
    aDay(s);
    await expect(s.builder.buildBrandDay(700009, BRAND, DAY)).rejects.toThrow('provider 700009 not found');
    s.feed.control.failRead = new Error('key unavailable');
    await expect(s.builder.buildBrandDay(IYS, BRAND, DAY)).rejects.toThrow('key unavailable');
    expect(s.objects.calls.aborted).toEqual(
      (['changes', 'approvals', 'rejections'] as const).map((f) => dailyKey(IYS, BRAND, DAY, f, 'csv')),
    );
    expect(s.manifests.manifests.size).toBe(0);
  });

  it('the job builds every brand with movements on the day, yesterday by default, and tells of each', async () => {
    const s = await setup();
    aDay(s);
    s.directory.known.set(700002, { ...PROVIDER, iysCode: 700002 } as ProviderItem);
    s.feed.add(movementAt(start + 5, { iysCode: 700002, brandCode: 700002 }));
    s.manifests.days.set('20261125', [
      { iysCode: IYS, brandCode: BRAND },
      { iysCode: 700002, brandCode: 700002 },
    ]);
    const results = await s.builder.buildDay();
    expect(s.manifests.calls.dayBrands).toEqual(['20261125']);
    expect(results.map((r) => [r.iysCode, r.date, r.rows, r.signed])).toEqual([
      [IYS, DAY, 6, true],
      [700002, DAY, 1, true],
    ]);
    expect(s.built).toEqual(results);
    expect(await s.builder.buildDay('2026-11-24')).toEqual([]);
    expect(s.manifests.calls.dayBrands).toEqual(['20261125', '20261124']);
    await expect(s.builder.buildDay('2026-11-31')).rejects.toThrow(RangeError);
  });

  it('reads a brand’s day movements decrypted, in file order, and nothing of the days around it', async () => {
    const s = await setup();
    const inside = aDay(s);
    const seen: Movement[] = [];
    for await (const m of s.builder.dayMovements(IYS, BRAND, DAY)) seen.push(m);
    expect(seen.map((m) => m.transactionId)).toEqual(
      [...inside].sort((a, b) => (a.item.sk < b.item.sk ? -1 : 1)).map((m) => m.item.txn),
    );
  });
});

describe('daily files: the reconciliation answers', () => {
  it('a report date is a real date (H501) at most seven days back (H502)', async () => {
    const { answers } = await setup();
    for (const bad of [undefined, '', '2026-11-31', '25.11.2026', '2026-1-05'])
      expect(await refusal((async () => answers.checkReportDate(bad))())).toMatchObject({ codes: ['H501'] });
    expect(await refusal((async () => answers.checkReportDate('2026-11-18'))())).toMatchObject({
      codes: ['H502'],
    });
    expect(answers.checkReportDate('2026-11-19')).toBe('2026-11-19');
    expect(answers.checkReportDate('2026-11-26')).toBe('2026-11-26');
  });

  it('records the agreement only for a day that has its file', async () => {
    const s = await setup();
    expect(await s.answers.recordAgreement(IYS, BRAND, DAY)).toBe(false);
    await s.builder.buildBrandDay(IYS, BRAND, DAY);
    expect((await s.answers.manifest(IYS, BRAND, DAY))!.agreementStatus).toBeUndefined();
    expect(await s.answers.recordAgreement(IYS, BRAND, DAY)).toBe(true);
    expect((await s.answers.manifest(IYS, BRAND, DAY))!.agreementStatus).toBe(true);
  });

  it('downloads a file, its token or signature; a link for a big file; nothing without a file', async () => {
    const s = await setup();
    aDay(s);
    expect(await s.answers.download(IYS, BRAND, DAY, 'changes', 'csv')).toBeUndefined();
    await s.builder.buildBrandDay(IYS, BRAND, DAY);
    const get = (key: string) => s.objects.objects.get(key)!.body;
    expect(await s.answers.download(IYS, BRAND, DAY, 'approvals', 'csv')).toEqual({
      bytes: get(dailyKey(IYS, BRAND, DAY, 'approvals', 'csv')),
    });
    expect(await s.answers.download(IYS, BRAND, DAY, 'changes', 'tsr')).toEqual({
      bytes: get(dailyKey(IYS, BRAND, DAY, 'changes', 'tsr')),
    });
    expect(await s.answers.download(IYS, BRAND, DAY, 'rejections', 'p7s')).toEqual({
      bytes: get(dailyKey(IYS, BRAND, DAY, 'rejections', 'p7s')),
    });
    // Past the inline limit the CSV is a link; its token and signature stay inline.
    s.manifests.manifests.get(s.manifests.key(IYS, BRAND, DAY))!.files.changes.bytes = INLINE_LIMIT + 1;
    expect(await s.answers.download(IYS, BRAND, DAY, 'changes', 'csv')).toEqual({
      url: `https://reports.example/${dailyKey(IYS, BRAND, DAY, 'changes', 'csv')}?signed`,
    });
    expect(await s.answers.download(IYS, BRAND, DAY, 'changes', 'p7s')).toHaveProperty('bytes');
    // A manifest whose object is gone answers nothing.
    s.objects.objects.delete(dailyKey(IYS, BRAND, DAY, 'approvals', 'csv'));
    expect(await s.answers.download(IYS, BRAND, DAY, 'approvals', 'csv')).toBeUndefined();
  });

  it('counts the day’s changes from the manifest, or live for a day not built yet: the same numbers', async () => {
    const s = await setup();
    aDay(s);
    const live = await s.answers.changeSummary(IYS, BRAND, DAY, 'BIREYSEL');
    expect(live).toEqual({
      changeStats: [
        { type: 'ARAMA', consents: [{ source: 'IYS', approval: 1, rejection: 0, pending: 0, total: 1 }] },
        { type: 'MESAJ', consents: [{ source: 'HS', approval: 2, rejection: 1, pending: 0, total: 3 }] },
        { type: 'EPOSTA', consents: [{ source: 'IYS', approval: 0, rejection: 1, pending: 0, total: 1 }] },
      ],
    });
    expect(s.feed.calls.readMovement).toBe(0); // no decryption
    expect(await s.answers.changeSummary(IYS, BRAND, DAY, 'TACIR')).toEqual({
      changeStats: [
        { type: 'MESAJ', consents: [{ source: 'HS', approval: 1, rejection: 0, pending: 0, total: 1 }] },
      ],
    });
    await s.builder.buildBrandDay(IYS, BRAND, DAY);
    const reads = s.feed.calls.feedPartition;
    expect(await s.answers.changeSummary(IYS, BRAND, DAY, 'BIREYSEL')).toEqual(live);
    expect(s.feed.calls.feedPartition).toBe(reads); // from the manifest
    expect(await s.answers.changeSummary(IYS, BRAND, '2026-11-20', 'BIREYSEL')).toEqual({ changeStats: [] });
  });
});

describe('daily files: the download operations', () => {
  const req = (path: Record<string, string>) =>
    ({ codes: { iysCode: IYS, brandCode: BRAND }, path }) as unknown as Request;

  it('answer the bytes as an attachment, a redirect for a big file, 204 without one, X002 for an unknown list', async () => {
    const s = await setup();
    aDay(s);
    const list = dailyDownloadRun(s.answers, {
      operationId: 'dailyList',
      path: '/x',
      summary: '',
      kind: 'csv',
    });
    const dayFile = dailyDownloadRun(s.answers, {
      operationId: 'agreementFile',
      path: '/y',
      summary: '',
      kind: 'tsr',
      file: 'changes',
    });
    expect(await dayFile(req({ reportDate: DAY }))).toEqual({ status: 204 });
    await s.builder.buildBrandDay(IYS, BRAND, DAY);
    const csv = s.objects.objects.get(dailyKey(IYS, BRAND, DAY, 'approvals', 'csv'))!.body;
    expect(await list(req({ reportDate: DAY, list: 'approvals' }))).toEqual({
      status: 200,
      headers: { 'content-disposition': `attachment; filename="${IYS}-${BRAND}-${DAY}-approvals.csv"` },
      raw: {
        contentType: 'text/csv; charset=utf-8',
        data: Buffer.from(csv).toString('base64'),
        isBase64: true,
      },
    });
    const tsr = await dayFile(req({ reportDate: DAY }));
    expect([tsr.status, tsr.raw?.contentType]).toEqual([200, 'application/timestamp-reply']);
    s.manifests.manifests.get(s.manifests.key(IYS, BRAND, DAY))!.files.rejections.bytes = INLINE_LIMIT + 1;
    expect(await list(req({ reportDate: DAY, list: 'rejections' }))).toEqual({
      status: 302,
      headers: {
        location: `https://reports.example/${dailyKey(IYS, BRAND, DAY, 'rejections', 'csv')}?signed`,
      },
    });
    expect(await refusal(list(req({ reportDate: DAY, list: 'changes' })))).toEqual({
      status: 404,
      codes: ['X002'],
    });
    expect(await refusal(list(req({ reportDate: 'yesterday', list: 'approvals' })))).toMatchObject({
      codes: ['H501'],
    });
  });
});
