import { createReadStream, createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import type { BulkRow } from '../../../functions/domain/bulk/rows.js';
import {
  columnIndex,
  excelDate,
  type RangeSource,
  XlsxBadHeader,
  XlsxUnreadable,
  xlsxRows,
} from '../../../functions/domain/bulk/xlsx.js';
import { templateHeader, templateRows, xlsx, xlsxBuffer } from './xlsx-writer.js';

const fromBuffer = (b: Buffer): RangeSource & { reads: number[] } => {
  const reads: number[] = [];
  return {
    size: b.length,
    reads,
    range: async (s, e) => {
      reads.push(e - s);
      return Readable.from([b.subarray(s, e)]);
    },
  };
};
async function all(src: RangeSource): Promise<BulkRow[]> {
  const out: BulkRow[] = [];
  for await (const r of xlsxRows(src)) out.push(r);
  return out;
}
const header = templateHeader;

describe('xlsx rows', () => {
  it('reads the first sheet: header, shared and inline strings, numbers, Excel dates, Excel row numbers', async () => {
    for (const shared of [true, false]) {
      const file = await xlsxBuffer(
        [
          header,
          ['+905321234567', 'MESAJ', 'ONAY', '2026-11-24 09:00:00', 'HS_WEB', 'BIREYSEL'],
          [],
          // a date cell (Excel serial) and trailing cells left out
          ['a@example.com', 'EPOSTA', 'RET', 46350.375],
          ['<b>&amp;</b>', 'ARAMA', 'ONAY', '2026-11-24 09:00:00', 'HS_WEB', 'BIREYSEL', 'extra'],
        ],
        { shared },
      );
      const rows = await all(fromBuffer(file));
      expect(rows).toEqual([
        {
          line: 2,
          body: {
            recipient: '+905321234567',
            type: 'MESAJ',
            status: 'ONAY',
            consentDate: '2026-11-24 09:00:00',
            source: 'HS_WEB',
            recipientType: 'BIREYSEL',
          },
        },
        {
          line: 4,
          body: {
            recipient: 'a@example.com',
            type: 'EPOSTA',
            status: 'RET',
            consentDate: '2026-11-24 09:00:00',
          },
        },
        expect.objectContaining({
          line: 5,
          recipient: '<b>&amp;</b>',
          error: expect.objectContaining({ code: 'X066' }),
        }),
      ]);
    }
  });

  it('refuses a wrong header (X064 reason) and a file that is not a workbook', async () => {
    const bad = await xlsxBuffer([
      ['recipient', 'kanal'],
      ['+905321234567', 'MESAJ'],
    ]);
    await expect(all(fromBuffer(bad))).rejects.toBeInstanceOf(XlsxBadHeader);
    await expect(all(fromBuffer(Buffer.from('recipient,type,status\n')))).rejects.toBeInstanceOf(
      XlsxUnreadable,
    );
    const truncated = await xlsxBuffer([header]);
    await expect(all(fromBuffer(truncated.subarray(0, truncated.length - 30)))).rejects.toBeInstanceOf(
      XlsxUnreadable,
    );
  });

  it('helpers: column letters and Excel date serials', () => {
    expect([columnIndex('A1'), columnIndex('Z9'), columnIndex('AA10'), columnIndex('AB3')]).toEqual([
      0, 25, 26, 27,
    ]);
    expect(excelDate(46350.375)).toBe('2026-11-24 09:00:00');
    expect(excelDate(44888.5, true)).toBe('2026-11-24 12:00:00');
  });

  it('streams a 250,000-row sheet by ranges with bounded memory (never the file or the sheet)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
    const path = join(dir, 'big.xlsx');
    // 250,000 rows: a sheet of ~42 MB of XML, more than the bound below, so a reader that held the sheet (or its
    // rows) fails here; the 1,000,000-row figures are measured by `npm run bench -- xlsx` (docs/benchmarks.md).
    const n = 250_000;
    await pipeline(xlsx(templateRows(n)), createWriteStream(path));
    const size = statSync(path).size;
    let biggestRead = 0;
    const src: RangeSource = {
      size,
      range: async (s, e) => {
        biggestRead = Math.max(biggestRead, e - s);
        return createReadStream(path, { start: s, end: e - 1, highWaterMark: 64 * 1024 });
      },
    };
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let count = 0;
    let last = 0;
    for await (const r of xlsxRows(src)) {
      count++;
      last = r.line;
      if (count % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(count).toBe(n);
    expect(last).toBe(n + 1);
    // The sheet's XML is ~42 MB; the reader's heap grows by far less than that.
    const grown = (peak - before) / 1024 / 1024;
    console.info(`xlsx ${n} rows: file ${(size / 1e6).toFixed(1)} MB, heap growth ${grown.toFixed(1)} MB`);
    expect(grown).toBeLessThan(30);
    // Ranges, never the whole file in one read (the sheet's entry is streamed in 64 KB reads).
    expect(biggestRead).toBeLessThan(size);
  }, 120_000);
});
