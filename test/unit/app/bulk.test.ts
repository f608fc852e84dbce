import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  applyChunk,
  buryChunk,
  type Chunk,
  maybeFinalize,
  newUpload,
  ownedUpload,
  parseChunk,
  parseUploadKey,
  partKey,
  reportKey,
  roundsOf,
  splitUpload,
  uploadKey,
  viewOf,
} from '../../../functions/app/bulk.js';
import { REPORT_HEADER } from '../../../functions/domain/bulk/rows.js';
import { IysError } from '../../../functions/domain/errors.js';
import { xlsxBuffer } from '../bulk/xlsx-writer.js';
import { memoryBulk } from './bulk-fakes.js';

/** The bulk pipeline (splitter, worker, finaliser) over in-memory fakes of its ports; the consent path is real. */
const NOW = new Date('2026-06-02T11:00:00+03:00'); // a Tuesday
const T = { iysCode: 700001, brandCode: 700001 };
const HEADER = 'recipient,type,status,consentDate,source,recipientType,retailerCode';
const DATE = '2026-06-01 18:30:00';
const phone = (i: number) => `+90532${String(1_000_000 + i).padStart(7, '0')}`;
const good = (i: number) => `${phone(i)},MESAJ,ONAY,${DATE},HS_WEB,BIREYSEL,`;
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

/** Report lines as objects (the report has no quoted cells in these tests unless noted). */
function reportOf(text: string) {
  const [header, ...lines] = text.trimEnd().split('\n');
  expect(header).toBe(REPORT_HEADER);
  return lines.map((l) => {
    const [line, code, field] = l.split(',');
    return { line: Number(line), code, field };
  });
}

/** Splits, then applies every chunk sent (in order) and returns the final upload. */
async function runAll(mem: ReturnType<typeof memoryBulk>, file: Buffer | string, extra = {}) {
  const split = await splitUpload(mem.uploadId, mem.splitDeps(file, extra));
  for (const batch of mem.sent) for (const m of batch) await applyChunk(parseChunk(m.body), mem.deps);
  return { split, u: mem.state() };
}

const chunksSent = (mem: ReturnType<typeof memoryBulk>) => mem.sent.flat().map((m) => parseChunk(m.body));

describe('keys, new uploads and the status view', () => {
  it('builds and parses upload keys, report and part keys', () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(uploadKey(7, 8, id)).toBe(`uploads/7/8/${id}`);
    expect(parseUploadKey(`uploads/7/8/${id}`)).toEqual({ iysCode: 7, brandCode: 8, uploadId: id });
    expect(parseUploadKey(`uploads/7/8/${id}/x`)).toBeUndefined();
    expect(parseUploadKey(`uploads/x/8/${id}`)).toBeUndefined();
    expect(parseUploadKey('other')).toBeUndefined();
    expect(reportKey(id)).toBe(`upload-reports/${id}/report.csv`);
    expect(partKey(id, 42)).toBe(`upload-reports/${id}/parts/0000042.csv`);
  });

  it('creates a WAITING upload under its key, kept 60 days', () => {
    const u = newUpload(T, { format: 'jsonl', sizeBytes: 123 }, NOW);
    expect(u.uploadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(u).toMatchObject({
      iysCode: 700001,
      brandCode: 700001,
      format: 'jsonl',
      sizeBytes: 123,
      status: 'WAITING',
      key: `uploads/700001/700001/${u.uploadId}`,
      createdAt: NOW.toISOString(),
      expiresAt: Math.floor(NOW.getTime() / 1000) + 60 * 86400,
    });
    expect(parseUploadKey(u.key)?.uploadId).toBe(u.uploadId);
    expect(newUpload(T, { format: 'csv', sizeBytes: 1 }, NOW).uploadId).not.toBe(u.uploadId);
  });

  it('shows counters (zero when absent), the reason and the error counts sorted by code', () => {
    const u = newUpload(T, { format: 'csv', sizeBytes: 10 }, NOW);
    expect(viewOf(u)).toEqual({
      uploadId: u.uploadId,
      status: 'WAITING',
      format: 'csv',
      sizeBytes: 10,
      rows: { seen: 0, done: 0, success: 0, failure: 0 },
      errorsByCode: {},
      createdAt: NOW.toISOString(),
    });
    const v = viewOf({
      ...u,
      status: 'FAILED',
      reason: { code: 'X068', message: 'm' },
      seen: 5,
      done: 4,
      success: 3,
      failure: 1,
      e_H175: 2,
      e_H121: 1,
      e_X066: 0,
    });
    expect(v).toMatchObject({
      status: 'FAILED',
      reason: 'm',
      reasonCode: 'X068',
      rows: { seen: 5, done: 4, success: 3, failure: 1 },
    });
    expect(Object.entries(v.errorsByCode)).toEqual([
      ['H121', 1],
      ['H175', 2],
    ]);
  });

  it("refuses another brand's or provider's upload (X060)", () => {
    const u = newUpload(T, { format: 'csv', sizeBytes: 10 }, NOW);
    expect(ownedUpload(u, T, u.uploadId)).toBe(u);
    for (const [got, t] of [
      [u, { ...T, brandCode: 1 }],
      [u, { ...T, iysCode: 1 }],
      [undefined, T],
    ] as const) {
      try {
        ownedUpload(got, t, u.uploadId);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(IysError);
        expect((e as IysError).errors[0]).toMatchObject({ code: 'X060', location: ['uploadId'] });
      }
    }
  });
});

describe('splitting a CSV file', () => {
  it('sends chunks of at most chunkRows rows per partition, with FIFO group and dedup ids, and records the split', async () => {
    const mem = memoryBulk({ now: NOW });
    const rows = Array.from({ length: 25 }, (_, i) => good(i));
    let after: string | undefined;
    const r = await splitUpload(
      mem.uploadId,
      mem.splitDeps(csv(...rows), {
        chunkRows: 4,
        maxPartitions: 3,
        partitionBytes: 100,
        afterSplit: async (id) => {
          after = id;
        },
      }),
    );
    const chunks = chunksSent(mem);
    expect(r).toEqual({ outcome: 'split', rows: 25, chunks: chunks.length });
    expect(after).toBe(mem.uploadId);
    // sent in batches of at most 10 messages
    expect(mem.sent.every((b) => b.length <= 10 && b.length > 0)).toBe(true);
    expect(mem.sent.slice(0, -1).every((b) => b.length === 10)).toBe(true);
    // every row once, lines 2…26, in file order within a partition
    const lines = chunks.flatMap((c) => c.rows.map((row) => row.line)).sort((a, b) => a - b);
    expect(lines).toEqual(Array.from({ length: 25 }, (_, i) => i + 2));
    expect(new Set(chunks.map((c) => c.partition)).size).toBe(3);
    const messages = mem.sent.flat();
    chunks.forEach((c, i) => {
      expect(c).toMatchObject({ uploadId: mem.uploadId, iysCode: 700001, brandCode: 700001, index: i });
      expect(c.rows.length).toBeGreaterThan(0);
      expect(c.rows.length).toBeLessThanOrEqual(4);
      expect(messages[i]).toMatchObject({
        groupId: `${mem.uploadId}:${c.partition}`,
        dedupId: `${mem.uploadId}:${i}`,
      });
      for (let k = 1; k < c.rows.length; k++) expect(c.rows[k]!.line).toBeGreaterThan(c.rows[k - 1]!.line);
    });
    // A row's body: empty cells left out
    expect(chunks.flatMap((c) => c.rows).find((row) => row.line === 2)!.body).toEqual({
      recipient: phone(0),
      type: 'MESAJ',
      status: 'ONAY',
      consentDate: DATE,
      source: 'HS_WEB',
      recipientType: 'BIREYSEL',
    });
    expect(mem.state()).toMatchObject({
      status: 'PROCESSING',
      splitDone: true,
      chunks: chunks.length,
      seen: 25,
      partitions: 3,
    });
    expect(mem.state().splitLease).toBeUndefined();
  });

  it('gives a small file one partition, and cuts a chunk before a row would take it past 200 KB (UTF-8 bytes)', async () => {
    const mem = memoryBulk({ now: NOW, format: 'jsonl' });
    // 45,000 two-byte characters: 90 KB of UTF-8 per row, though only 45,000 JavaScript characters.
    const big = 'ş'.repeat(45 * 1000);
    const lines = Array.from(
      { length: 5 },
      (_, i) => `{"recipient":"${phone(i)}","type":"MESAJ","status":"ONAY","note":"${big}"}`,
    );
    const r = await splitUpload(mem.uploadId, mem.splitDeps(`${lines.join('\n')}\n`));
    // one partition (the file is < 512 KB); a third 90 KB row would pass 200 KB → chunks of 2, 2 and 1
    expect(mem.state().partitions).toBe(1);
    expect(r).toEqual({ outcome: 'split', rows: 5, chunks: 3 });
    expect(chunksSent(mem).map((c) => c.rows.length)).toEqual([2, 2, 1]);
    expect(mem.sent.flat().every((m) => Buffer.byteLength(m.body) < 200 * 1024)).toBe(true);
  });

  it('reports progress (seen) every 50,000 rows and the final count at the end', async () => {
    const mem = memoryBulk({ now: NOW, sizeBytes: 10 * 1024 * 1024 });
    const rows = Array.from({ length: 100_001 }, (_, i) => `${phone(i)},MESAJ,ONAY`);
    const file = `recipient,type,status\n${rows.join('\n')}\n`;
    let messages = 0;
    const r = await splitUpload(
      mem.uploadId,
      mem.splitDeps(file, {
        send: async (m) => {
          messages += m.length;
        },
      }),
    );
    expect(mem.calls.setSeen).toEqual([50_000, 100_000]);
    expect(r).toMatchObject({ outcome: 'split', rows: 100_001 });
    expect(mem.state()).toMatchObject({ seen: 100_001, chunks: messages });
  });

  it('accepts a BOM and CRLF, skips empty lines, numbers lines physically (a quoted multi-line field ends its record)', async () => {
    const mem = memoryBulk({ now: NOW });
    const file = `\ufeff${HEADER}\r\n${good(0)}\r\n\r\n${phone(1)},MESAJ,ONAY,${DATE},"HS_\nWEB",,\r\n${phone(2)},MESAJ,ONAY,${DATE},HS_WEB,,42\r\n`;
    await splitUpload(mem.uploadId, mem.splitDeps(file));
    const rows = chunksSent(mem).flatMap((c) => c.rows);
    expect(rows.map((r) => r.line)).toEqual([2, 5, 6]);
    expect(rows[1]!.body!.source).toBe('HS_\nWEB');
    expect(rows[2]!.body!.retailerCode).toBe(42);
  });

  it.each([
    [
      'an unknown column',
      'recipient,type,status,colour\n+905321000000,MESAJ,ONAY,red\n',
      /Bilinmeyen sütun: colour/,
    ],
    ['a missing required column', 'recipient,type\n+905321000000,MESAJ\n', /Eksik sütun: status/],
    ['a repeated column', 'recipient,type,status,type\na,b,c,d\n', /Tekrarlanan sütun: type/],
    ['broken quoting', `${HEADER}\n"+905321000000,MESAJ,ONAY\n`, /RFC 4180/],
    ['a stray quote', `${HEADER}\n+90532"1000000,MESAJ,ONAY,,,,\n`, /RFC 4180/],
  ])('fails the upload with X064 for %s, sending nothing', async (_name, file, reason) => {
    const mem = memoryBulk({ now: NOW });
    expect(await splitUpload(mem.uploadId, mem.splitDeps(file))).toEqual({ outcome: 'failed', code: 'X064' });
    const u = mem.state();
    expect(u.status).toBe('FAILED');
    expect(u.reason?.code).toBe('X064');
    expect(u.reason?.message).toMatch(/^CSV başlık satırı geçersiz\. /);
    expect(u.reason?.message).toMatch(reason);
    expect(mem.sent).toEqual([]);
    expect(u.splitDone).toBeUndefined();
  });

  it.each([
    ['an empty object', ''],
    ['a header only', `${HEADER}\n`],
    ['empty lines only', '\n\n\n'],
    ['empty CRLF lines only', '\r\n\r\n'],
  ])('fails the upload with X062 for %s', async (_name, file) => {
    const mem = memoryBulk({ now: NOW });
    expect(await splitUpload(mem.uploadId, mem.splitDeps(file))).toEqual({ outcome: 'failed', code: 'X062' });
    expect(mem.state()).toMatchObject({
      status: 'FAILED',
      reason: { code: 'X062', message: 'Dosya boş: işlenecek satır bulunamadı.' },
    });
    expect(mem.sent).toEqual([]);
  });

  it.each([
    [
      'invalid UTF-8',
      Buffer.concat([Buffer.from(`${HEADER}\n${good(0)}\n`), Buffer.from([0xff, 0xfe, 0x41])]),
    ],
    ['a NUL byte', Buffer.from(`${HEADER}\n${good(0)}\u0000\n`)],
    [
      'a truncated UTF-8 sequence at the end',
      Buffer.concat([Buffer.from(`${HEADER}\n${good(0)}\n`), Buffer.from([0xc3])]),
    ],
    ['binary from the start', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x88])],
  ])('fails the upload with X063 for %s', async (_name, file) => {
    const mem = memoryBulk({ now: NOW });
    expect(await splitUpload(mem.uploadId, mem.splitDeps(file))).toEqual({ outcome: 'failed', code: 'X063' });
    expect(mem.state()).toMatchObject({ status: 'FAILED', reason: { code: 'X063' } });
    expect(mem.state().splitDone).toBeUndefined();
  });

  it('checks UTF-8 over the whole stream: a late bad byte fails the upload after earlier chunks were sent', async () => {
    const mem = memoryBulk({ now: NOW });
    const rows = Array.from({ length: 20_000 }, (_, i) => good(i));
    const file = Buffer.concat([Buffer.from(csv(...rows)), Buffer.from([0xff])]);
    mem.patch({ sizeBytes: file.length });
    const r = await splitUpload(mem.uploadId, mem.splitDeps(file, { chunkRows: 5 }));
    expect(r).toEqual({ outcome: 'failed', code: 'X063' });
    expect(mem.sent.length).toBeGreaterThan(0);
    expect(mem.state().status).toBe('FAILED');
  });

  it('fails with X065 an object larger than declared (checked before reading), and accepts one of exactly that size', async () => {
    const file = csv(good(0));
    const mem = memoryBulk({ now: NOW, sizeBytes: Buffer.byteLength(file) - 1 });
    let opened = false;
    const r = await splitUpload(
      mem.uploadId,
      mem.splitDeps(file, {
        open: async () => {
          opened = true;
          return Readable.from([]);
        },
      }),
    );
    expect(r).toEqual({ outcome: 'failed', code: 'X065' });
    expect(opened).toBe(false);
    expect(mem.state().reason).toEqual({
      code: 'X065',
      message: `Dosya bildirilen boyutu (sizeBytes) veya 5 GB sınırını aşıyor. Bildirilen: ${Buffer.byteLength(file) - 1} bayt, gelen: ${Buffer.byteLength(file)} bayt.`,
    });
    const ok = memoryBulk({ now: NOW, sizeBytes: Buffer.byteLength(file) });
    expect(await splitUpload(ok.uploadId, ok.splitDeps(file))).toMatchObject({ outcome: 'split', rows: 1 });
  });

  it('fails with X065 an object over 5 GB even when declared so', async () => {
    const mem = memoryBulk({ now: NOW, sizeBytes: 6 * 1024 ** 3 });
    const r = await splitUpload(mem.uploadId, mem.splitDeps('', { size: async () => 5 * 1024 ** 3 + 1 }));
    expect(r).toEqual({ outcome: 'failed', code: 'X065' });
  });

  it('ignores unknown, ended, already split, missing-object and claimed uploads', async () => {
    const mem = memoryBulk({ now: NOW });
    const file = csv(good(0));
    expect(await splitUpload('nope', mem.splitDeps(file))).toEqual({
      outcome: 'ignored',
      why: 'unknown upload',
    });
    expect(await splitUpload(mem.uploadId, mem.splitDeps(file, { size: async () => undefined }))).toEqual({
      outcome: 'ignored',
      why: 'no object',
    });
    // another splitter holds the lease
    mem.patch({ status: 'RECEIVED', splitLease: NOW.getTime() + 60_000 });
    expect(await splitUpload(mem.uploadId, mem.splitDeps(file))).toEqual({
      outcome: 'ignored',
      why: 'claimed',
    });
    expect(mem.sent).toEqual([]);
    // its lease expired: this run splits
    mem.patch({ splitLease: NOW.getTime() - 1 });
    expect(await splitUpload(mem.uploadId, mem.splitDeps(file))).toMatchObject({ outcome: 'split', rows: 1 });
    // split to the end: a duplicate event does nothing
    expect(await splitUpload(mem.uploadId, mem.splitDeps(file))).toEqual({
      outcome: 'ignored',
      why: 'PROCESSING',
    });
    for (const status of ['COMPLETED', 'FAILED'] as const) {
      const m = memoryBulk({ now: NOW });
      m.patch({ status });
      expect(await splitUpload(m.uploadId, m.splitDeps(file))).toEqual({ outcome: 'ignored', why: status });
    }
  });

  it('re-running after a crash mid-split sends the same chunks with the same indexes (partitions kept from the claim)', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => good(i));
    const file = csv(...rows);
    const mem = memoryBulk({ now: NOW });
    await splitUpload(
      mem.uploadId,
      mem.splitDeps(file, { chunkRows: 3, maxPartitions: 4, partitionBytes: 64 }),
    );
    const first = mem.sent.flat();
    // as if the first run died before finishSplit, its lease expired, and the deployment changed its settings
    mem.patch({ splitDone: undefined, chunks: undefined, splitLease: undefined, status: 'RECEIVED' });
    mem.sent.length = 0;
    await splitUpload(
      mem.uploadId,
      mem.splitDeps(file, { chunkRows: 3, maxPartitions: 16, partitionBytes: 1 }),
    );
    expect(mem.sent.flat()).toEqual(first);
    expect(mem.state().partitions).toBe(4);
  });

  it('lets an error of the object stream escape (the message is delivered again)', async () => {
    const mem = memoryBulk({ now: NOW });
    const broken = () =>
      new Readable({
        read() {
          this.push(Buffer.from(`${HEADER}\n${good(0)}\n`));
          this.destroy(new Error('socket hang up'));
        },
      });
    await expect(
      splitUpload(mem.uploadId, mem.splitDeps('x'.repeat(100), { open: async () => broken() })),
    ).rejects.toThrow('socket hang up');
    expect(mem.state().status).toBe('RECEIVED');
  });
});

describe('splitting JSON Lines and xlsx', () => {
  it('reads one object a line, skips empty lines and a BOM, and turns a non-object line into an X067 row', async () => {
    const mem = memoryBulk({ now: NOW, format: 'jsonl' });
    const o = (i: number) => JSON.stringify({ recipient: phone(i), type: 'MESAJ', status: 'ONAY' });
    const file = `\ufeff${o(0)}\r\n\n   \n[1,2]\n${o(1)}\nnot json\n"text"\n${o(2)}`;
    const r = await splitUpload(mem.uploadId, mem.splitDeps(file));
    expect(r).toEqual({ outcome: 'split', rows: 6, chunks: 1 });
    const rows = chunksSent(mem)[0]!.rows;
    expect(rows.map((x) => [x.line, x.error?.code ?? 'ok'])).toEqual([
      [1, 'ok'],
      [4, 'X067'],
      [5, 'ok'],
      [6, 'X067'],
      [7, 'X067'],
      [8, 'ok'],
    ]);
    expect(rows[0]!.body).toEqual({ recipient: phone(0), type: 'MESAJ', status: 'ONAY' });
  });

  it('fails with X069 a file whose first line is not a JSON object', async () => {
    const mem = memoryBulk({ now: NOW, format: 'jsonl' });
    const r = await splitUpload(mem.uploadId, mem.splitDeps(`\n${HEADER}\n{"recipient":"x"}\n`));
    expect(r).toEqual({ outcome: 'failed', code: 'X069' });
    expect(mem.state().reason?.code).toBe('X069');
  });

  it('fails with X062 a JSON Lines file of empty lines, and with X063 a binary one', async () => {
    const a = memoryBulk({ now: NOW, format: 'jsonl' });
    expect(await splitUpload(a.uploadId, a.splitDeps('\n \n\n'))).toEqual({
      outcome: 'failed',
      code: 'X062',
    });
    const b = memoryBulk({ now: NOW, format: 'jsonl' });
    expect(await splitUpload(b.uploadId, b.splitDeps(Buffer.from([0x7b, 0x0a, 0xff, 0xff])))).toEqual({
      outcome: 'failed',
      code: 'X063',
    });
  });

  it('reads an xlsx workbook by ranges: Excel row numbers, X066 for a cell past the header', async () => {
    const file = await xlsxBuffer(
      [
        ['recipient', 'type', 'status', 'consentDate', 'source'],
        [phone(0), 'MESAJ', 'ONAY', DATE, 'HS_WEB'],
        [],
        [phone(1), 'MESAJ', 'ONAY', DATE, 'HS_WEB', 'extra'],
      ],
      { shared: true },
    );
    const mem = memoryBulk({ now: NOW, format: 'xlsx' });
    let opened = false;
    const r = await splitUpload(
      mem.uploadId,
      mem.splitDeps(file, {
        open: async () => {
          opened = true;
          return Readable.from([file]);
        },
      }),
    );
    expect(opened).toBe(false);
    expect(r).toEqual({ outcome: 'split', rows: 2, chunks: 1 });
    const rows = chunksSent(mem)[0]!.rows;
    expect(rows[0]).toEqual({
      line: 2,
      body: { recipient: phone(0), type: 'MESAJ', status: 'ONAY', consentDate: DATE, source: 'HS_WEB' },
    });
    expect(rows[1]).toMatchObject({ line: 4, error: { code: 'X066' } });
    for (const m of mem.sent.flat()) await applyChunk(parseChunk(m.body), mem.deps);
    expect(mem.state()).toMatchObject({ status: 'COMPLETED', success: 1, failure: 1, e_X066: 1 });
  });

  it('fails an xlsx with a bad header (X064), one that is not a workbook (X070) and one with no rows (X062)', async () => {
    const bad = memoryBulk({ now: NOW, format: 'xlsx' });
    const badFile = await xlsxBuffer([
      ['recipient', 'colour'],
      ['a', 'b'],
    ]);
    expect(await splitUpload(bad.uploadId, bad.splitDeps(badFile))).toEqual({
      outcome: 'failed',
      code: 'X064',
    });
    expect(bad.state().reason?.message).toMatch(/colour/);
    const notZip = memoryBulk({ now: NOW, format: 'xlsx' });
    expect(await splitUpload(notZip.uploadId, notZip.splitDeps(csv(good(0))))).toEqual({
      outcome: 'failed',
      code: 'X070',
    });
    expect(notZip.state()).toMatchObject({ status: 'FAILED', reason: { code: 'X070' } });
    const empty = memoryBulk({ now: NOW, format: 'xlsx' });
    const emptyFile = await xlsxBuffer([['recipient', 'type', 'status']]);
    expect(await splitUpload(empty.uploadId, empty.splitDeps(emptyFile))).toEqual({
      outcome: 'failed',
      code: 'X062',
    });
  });
});

describe('applying chunks and the report', () => {
  it('records the good rows, reports every refused row by line, counts exactly and completes', async () => {
    const mem = memoryBulk({ now: NOW });
    mem.consents.control.retailers.add(12345678);
    const rows = [
      good(0), // 2 ok
      `90532${1_000_001},MESAJ,ONAY,${DATE},HS_WEB,,`, // 3 H121-like: recipient format
      `${phone(2)},MESAJ,ONAY,${DATE},HS_KARAR,,`, // 4 source not allowed for MESAJ
      `u3@example.com,EPOSTA,EVET,${DATE},HS_WEB,,`, // 5 bad status
      `${phone(4)},MESAJ,RET,${DATE},HS_WEB,,`, // 6 H175: a first record cannot be RET
      `${phone(5)},MESAJ,ONAY`, // 7 X066: 3 cells, header has 7
      `u6@example.com,EPOSTA,ONAY,${DATE},HS_WEB,BIREYSEL,12345678`, // 8 ok, retailer of the brand
      `u7@example.com,EPOSTA,ONAY,${DATE},HS_WEB,BIREYSEL,87654321`, // 9 H180: not the brand's retailer
      `${phone(8)},ARAMA,ONAY,${DATE},HS_WEB,,`, // 10 ok
    ];
    const { split, u } = await runAll(mem, csv(...rows), {
      chunkRows: 2,
      maxPartitions: 2,
      partitionBytes: 100,
    });
    expect(split).toMatchObject({ outcome: 'split', rows: 9 });
    expect(u).toMatchObject({ status: 'COMPLETED', seen: 9, done: 9, success: 3, failure: 6 });
    expect(u.chunksDone).toBe(u.chunks);
    expect(mem.consents.states.size).toBe(3);
    expect(mem.reports).toHaveLength(1);
    const report = mem.reports[0]!;
    expect(u.reportKey).toBe(`upload-reports/${mem.uploadId}/report.csv`);
    expect(report.size).toBe(Buffer.byteLength(report.body));
    const lines = reportOf(report.body);
    // sorted by line across chunks; one report line per error item
    expect(lines.map((l) => l.line)).toEqual([...lines.map((l) => l.line)].sort((a, b) => a - b));
    expect([...new Set(lines.map((l) => l.line))]).toEqual([3, 4, 5, 6, 7, 9]);
    const codesAt = (line: number) => lines.filter((l) => l.line === line).map((l) => l.code);
    expect(codesAt(6)).toEqual(['H175']);
    expect(codesAt(7)).toEqual(['X066']);
    expect(codesAt(9)).toEqual(['H180']);
    expect(lines.find((l) => l.line === 9)!.field).toBe('retailerCode');
    // errorsByCode counts error items, failure counts rows
    const view = viewOf(u);
    const items = Object.values(view.errorsByCode).reduce((a, b) => a + b, 0);
    expect(items).toBe(lines.length);
    expect(view.errorsByCode).toMatchObject({ H175: 1, X066: 1, H180: 1 });
    // the recipient as written in the file (also for a row without a body)
    expect(report.body).toContain(
      `7,X066,,${'Satırdaki alan sayısı başlık satırıyla uyuşmuyor.'},${phone(5)}\n`,
    );
    expect(report.body).toContain(`,u7@example.com\n`);
    // parts hold only refused rows, no error values
    expect([...mem.parts.values()].join('')).not.toContain(phone(0));
  });

  it('completes with a header-only report when every row is recorded', async () => {
    const mem = memoryBulk({ now: NOW });
    const { u } = await runAll(mem, csv(good(0), good(1)));
    expect(u).toMatchObject({ status: 'COMPLETED', success: 2, failure: 0, done: 2 });
    expect(mem.reports[0]!.body).toBe(`${REPORT_HEADER}\n`);
    expect(mem.parts.size).toBe(0);
  });

  it('does not count a redelivered chunk twice, and still finalises', async () => {
    const mem = memoryBulk({ now: NOW });
    await splitUpload(mem.uploadId, mem.splitDeps(csv(good(0), `${phone(1)},MESAJ,RET,${DATE},HS_WEB,,`)));
    const [chunk] = chunksSent(mem);
    expect(await applyChunk(chunk!, mem.deps)).toEqual({ counted: true, rows: 2, success: 1, failure: 1 });
    expect(mem.state()).toMatchObject({ status: 'COMPLETED', done: 2, success: 1, failure: 1, e_H175: 1 });
    // redelivered after completion, or after counting but before the upload ended
    expect(await applyChunk(chunk!, mem.deps)).toEqual({ counted: false, rows: 2, success: 0, failure: 0 });
    mem.patch({ status: 'PROCESSING' });
    expect(await applyChunk(chunk!, mem.deps)).toEqual({ counted: false, rows: 2, success: 0, failure: 0 });
    expect(mem.calls.countChunk).toBe(1);
    expect(mem.state()).toMatchObject({ status: 'COMPLETED', done: 2, success: 1, failure: 1, e_H175: 1 });
    expect(mem.consents.calls.putStates).toBe(1);
  });

  it('a worker that died after writing re-applies the rows as repeats; the counting transaction counts once', async () => {
    const mem = memoryBulk({ now: NOW });
    await splitUpload(mem.uploadId, mem.splitDeps(csv(good(0), good(1))));
    const [chunk] = chunksSent(mem);
    // two deliveries race: both apply, only one is counted
    const [a, b] = await Promise.all([applyChunk(chunk!, mem.deps), applyChunk(chunk!, mem.deps)]);
    expect([a.counted, b.counted].sort()).toEqual([false, true]);
    expect(a.success + b.success).toBe(4); // both saw the rows succeed (the later one as repeats)
    expect(mem.state()).toMatchObject({ status: 'COMPLETED', done: 2, success: 2, failure: 0 });
    expect(mem.consents.states.size).toBe(2);
    for (const s of mem.consents.states.values()) expect(s.seq).toBe(1);
  });

  it('skips chunks of an unknown or ended upload', async () => {
    const mem = memoryBulk({ now: NOW });
    const chunk: Chunk = {
      uploadId: mem.uploadId,
      ...T,
      index: 0,
      partition: 0,
      rows: [{ line: 2, body: {} }],
    };
    expect(await applyChunk({ ...chunk, uploadId: 'other' }, mem.deps)).toEqual({
      counted: false,
      rows: 1,
      success: 0,
      failure: 0,
    });
    mem.patch({ status: 'FAILED' });
    expect(await applyChunk(chunk, mem.deps)).toMatchObject({ counted: false });
    expect(mem.calls.countChunk).toBe(0);
  });

  it('refuses a row without a body or error with no error items (counted as a failure)', async () => {
    const mem = memoryBulk({ now: NOW });
    mem.patch({ status: 'PROCESSING' });
    const chunk: Chunk = { uploadId: mem.uploadId, ...T, index: 0, partition: 0, rows: [{ line: 2 }] };
    expect(await applyChunk(chunk, mem.deps)).toEqual({ counted: true, rows: 1, success: 0, failure: 1 });
    expect(mem.parts.size).toBe(0);
  });

  it('waits for the split: chunks done before the split ended finalise after it (afterSplit)', async () => {
    const mem = memoryBulk({ now: NOW });
    await splitUpload(mem.uploadId, mem.splitDeps(csv(good(0), good(1)), { chunkRows: 1 }));
    const chunks = chunksSent(mem);
    expect(chunks).toHaveLength(2);
    // as if the workers had run before finishSplit
    mem.patch({ splitDone: undefined, chunks: undefined });
    for (const c of chunks) await applyChunk(c, mem.deps);
    expect(mem.state().status).toBe('PROCESSING');
    expect(await maybeFinalize(mem.uploadId, mem.deps)).toBe(false);
    mem.patch({ splitDone: true, chunks: 2 });
    expect(await maybeFinalize(mem.uploadId, mem.deps)).toBe(true);
    expect(mem.state()).toMatchObject({ status: 'COMPLETED', success: 2 });
    // idempotent: a second call changes nothing
    expect(await maybeFinalize(mem.uploadId, mem.deps)).toBe(false);
    expect(mem.reports).toHaveLength(1);
  });

  it('does not finalise while chunks are outstanding', async () => {
    const mem = memoryBulk({ now: NOW });
    await splitUpload(mem.uploadId, mem.splitDeps(csv(good(0), good(1), good(2)), { chunkRows: 1 }));
    const chunks = chunksSent(mem);
    await applyChunk(chunks[0]!, mem.deps);
    await applyChunk(chunks[2]!, mem.deps);
    expect(mem.state()).toMatchObject({ status: 'PROCESSING', chunksDone: 2, chunks: 3, success: 2 });
    expect(mem.reports).toHaveLength(0);
    await applyChunk(chunks[1]!, mem.deps);
    expect(mem.state()).toMatchObject({ status: 'COMPLETED', success: 3 });
  });

  it('a buried chunk ends the upload FAILED (X068) with a report of the rest', async () => {
    const mem = memoryBulk({ now: NOW });
    const rows = [good(0), `${phone(1)},MESAJ,RET,${DATE},HS_WEB,,`, good(2)];
    await splitUpload(mem.uploadId, mem.splitDeps(csv(...rows), { chunkRows: 1 }));
    const chunks = chunksSent(mem);
    expect(chunks).toHaveLength(3);
    await applyChunk(chunks[0]!, mem.deps);
    await applyChunk(chunks[1]!, mem.deps);
    // a counted chunk is not buried
    await buryChunk(chunks[0]!, mem.deps);
    expect(mem.dead.size).toBe(0);
    await buryChunk(chunks[2]!, mem.deps);
    const u = mem.state();
    expect(u).toMatchObject({
      status: 'FAILED',
      deadChunks: 1,
      success: 1,
      failure: 1,
      reason: { code: 'X068' },
      reportKey: `upload-reports/${mem.uploadId}/report.csv`,
    });
    expect(u.reason?.message).toMatch(/1 parça \(3 parçadan\) işlenemedi\.$/);
    expect(reportOf(mem.reports[0]!.body)).toEqual([{ line: 3, code: 'H175', field: expect.any(String) }]);
    // burying it again (a later delivery) changes nothing
    await buryChunk(chunks[2]!, mem.deps);
    expect(mem.state().deadChunks).toBe(1);
    expect(await applyChunk(chunks[2]!, mem.deps)).toMatchObject({ counted: false });
  });

  it('streams a large report (over 200,000 failures) part by part in chunk order', async () => {
    const mem = memoryBulk({ now: NOW });
    const bad = (i: number) => `${phone(i)},MESAJ,RET,${DATE},HS_WEB,,`;
    await splitUpload(mem.uploadId, mem.splitDeps(csv(bad(0), bad(1), bad(2), bad(3)), { chunkRows: 2 }));
    const chunks = chunksSent(mem);
    expect(chunks).toHaveLength(2);
    await applyChunk(chunks[1]!, mem.deps);
    // as if the upload had more than 200,000 refused rows
    mem.patch({ failure: 200_001 });
    await applyChunk(chunks[0]!, mem.deps);
    expect(mem.state().status).toBe('COMPLETED');
    const report = mem.reports[0]!;
    expect(reportOf(report.body).map((l) => l.line)).toEqual([2, 3, 4, 5]);
    expect(report.size).toBe(Buffer.byteLength(report.body));
    expect(report.body).toBe(`${REPORT_HEADER}\n${mem.parts.get(0)}${mem.parts.get(1)}`);
  });
});

describe('rounds: rows of one consent in one chunk', () => {
  it('groups the r-th row of each consent key into round r (e-mails case-insensitive, trimmed)', () => {
    const rounds = roundsOf([
      { line: 2, body: { recipient: 'A@x.com', type: 'EPOSTA' } },
      { line: 3, body: { recipient: ' a@x.com ', type: 'EPOSTA' } },
      { line: 4, body: { recipient: 'a@x.com', type: 'MESAJ' } },
      { line: 5, body: { recipient: 'a@x.com', type: 'EPOSTA', recipientType: 'TACIR' } },
      { line: 6 },
      { line: 7, body: { recipient: 'a@x.com', type: 'EPOSTA', recipientType: 'BIREYSEL' } },
      { line: 8, body: { recipient: 42 } },
      { line: 9, body: { recipient: '' } },
    ]);
    expect(rounds.map((r) => r.map((x) => x.line))).toEqual([[2, 4, 5, 6, 8], [3, 9], [7]]);
  });

  it('applies a repeated consent in file order and keeps each finished round but the last', async () => {
    const mem = memoryBulk({ now: NOW });
    const rows = [
      `${phone(0)},MESAJ,ONAY,2026-06-01 10:00:00,HS_WEB,,`,
      `${phone(0)},MESAJ,RET,2026-06-01 11:00:00,HS_WEB,,`,
      `${phone(0)},MESAJ,RET,2026-06-01 12:00:00,HS_WEB,,`, // H174: same status again
      good(1),
    ];
    await runAll(mem, csv(...rows));
    expect(mem.state()).toMatchObject({ status: 'COMPLETED', success: 3, failure: 1, e_H174: 1 });
    expect(mem.calls.writeRound.map((w) => [w.index, w.round, w.r.success, w.r.failures.length])).toEqual([
      [0, 0, 2, 0],
      [0, 1, 1, 0],
    ]);
    expect(reportOf(mem.reports[0]!.body)).toEqual([{ line: 4, code: 'H174', field: expect.any(String) }]);
  });

  it('a redelivery after a crash replays stored rounds: a row refused before a later row of its consent stays refused', async () => {
    const mem = memoryBulk({ now: NOW });
    const rows = [
      `${phone(0)},MESAJ,RET,2026-06-01 10:00:00,HS_WEB,,`, // 2: H175 (no consent yet)
      `${phone(0)},MESAJ,ONAY,2026-06-01 11:00:00,HS_WEB,,`, // 3: recorded
      `${phone(1)},MESAJ,ONAY,${DATE},HS_WEB,,87654321`, // 4: H180 (retailer not the brand's)
    ];
    await splitUpload(mem.uploadId, mem.splitDeps(csv(...rows)));
    const [chunk] = chunksSent(mem);
    // the first delivery dies after its writes, before the counting transaction
    const countChunk = mem.deps.uploads.countChunk;
    mem.deps.uploads.countChunk = async () => {
      throw new Error('killed');
    };
    await expect(applyChunk(chunk!, mem.deps)).rejects.toThrow('killed');
    expect(mem.rounds.size).toBe(1);
    const stored = mem.rounds.get('0:0')!;
    expect(stored.success).toBe(0);
    expect(stored.failures.map((f) => [f.line, f.errors.map((e) => e.code)])).toEqual([
      [2, ['H175']],
      [4, ['H180']],
    ]);
    // stored without error values (they can be the address)
    for (const f of stored.failures) for (const e of f.errors) expect(e).not.toHaveProperty('value');
    mem.deps.uploads.countChunk = countChunk;
    // redelivered: against the later state line 2 (RET after ONAY) would now be accepted; it is replayed as refused
    expect(await applyChunk(chunk!, mem.deps)).toEqual({ counted: true, rows: 3, success: 1, failure: 2 });
    expect(mem.calls.readRounds).toBe(2);
    expect(mem.state()).toMatchObject({ status: 'COMPLETED', success: 1, failure: 2, e_H175: 1, e_H180: 1 });
    const lines = reportOf(mem.reports[0]!.body);
    expect(lines.map((l) => [l.line, l.code])).toEqual([
      [2, 'H175'],
      [4, 'H180'],
    ]);
    // the replayed refusal keeps the recipient from the row
    expect(mem.reports[0]!.body).toContain(`2,H175,`);
    expect(mem.reports[0]!.body.split('\n')[1]).toContain(phone(0));
    // the consent itself: one state, ONAY (line 3)
    const states = [...mem.consents.states.values()];
    expect(states).toHaveLength(1);
    expect(states[0]).toMatchObject({ status: 'ONAY', seq: 1 });
  });

  it('a stored round whose line is not in the chunk is still reported (by its line, no recipient)', async () => {
    const mem = memoryBulk({ now: NOW });
    mem.patch({ status: 'PROCESSING' });
    const body = { recipient: phone(0), type: 'MESAJ', status: 'ONAY', consentDate: DATE, source: 'HS_WEB' };
    const chunk: Chunk = {
      uploadId: mem.uploadId,
      ...T,
      index: 3,
      partition: 0,
      rows: [
        { line: 2, body },
        { line: 3, body },
      ],
    };
    await mem.deps.progress.writeRound(mem.uploadId, 3, 0, {
      success: 0,
      failures: [{ line: 99, errors: [{ code: 'H175', message: 'm' }] }],
    });
    // round 0 (line 2) is replayed from the store, not applied; round 1 (line 3) is then the consent's first record
    expect(await applyChunk(chunk, mem.deps)).toEqual({ counted: true, rows: 2, success: 1, failure: 1 });
    expect(mem.parts.get(3)).toBe('99,H175,,m,\n');
    expect(mem.consents.calls.putStates).toBe(1);
  });
});
