import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { type BulkRow, checkHeader, csvRow } from '../../../functions/domain/bulk/rows.js';
import { type RangeSource, xlsxRows } from '../../../functions/domain/bulk/xlsx.js';
import { validateConsent } from '../../../functions/domain/consent/validate.js';

/**
 * The console's bulk templates (console/template.js, plain JavaScript for the browser) round-trip: the
 * workbook it writes is read by the server's own .xlsx reader, the CSV by the server's header and row
 * rules, and the example row is a consent the registry accepts at that moment.
 */
interface TemplateModule {
  TEMPLATE_COLUMNS: string[];
  templateRows(channel: string, now?: Date): string[][];
  templateCsv(rows: string[][]): string;
  xlsxBytes(rows: string[][], sheetName?: string): Uint8Array;
  zipStored(files: [string, string | Uint8Array][]): Uint8Array;
  consentDateText(instant: Date): string;
}
const t = (await import(
  pathToFileURL(join(import.meta.dirname, '../../../console/template.js')).href
)) as TemplateModule;

const source = (b: Uint8Array): RangeSource => ({
  size: b.length,
  range: async (s, e) => Readable.from([Buffer.from(b.subarray(s, e))]),
});
async function rowsOf(b: Uint8Array): Promise<BulkRow[]> {
  const out: BulkRow[] = [];
  for await (const r of xlsxRows(source(b))) out.push(r);
  return out;
}
const now = new Date('2026-11-25T10:00:00+03:00');

describe('bulk templates', () => {
  it('the example row is a consent of the chosen channel, an hour old in Turkey time', () => {
    expect(t.templateRows('MESAJ', now)).toEqual([
      ['recipient', 'type', 'status', 'consentDate', 'source', 'recipientType', 'retailerCode'],
      ['+905321234567', 'MESAJ', 'ONAY', '2026-11-25 09:00:00', 'HS_WEB', 'BIREYSEL', ''],
    ]);
    expect(t.templateRows('EPOSTA', now)[1]!.slice(0, 2)).toEqual(['ornek@example.com', 'EPOSTA']);
    expect(t.consentDateText(new Date('2026-12-31T22:30:00Z'))).toBe('2027-01-01 01:30:00');
  });

  it('the columns are the ones the bulk pipeline accepts', () => {
    expect(checkHeader(t.TEMPLATE_COLUMNS)).toEqual({ ok: true, columns: t.TEMPLATE_COLUMNS });
  });

  for (const channel of ['MESAJ', 'ARAMA', 'EPOSTA']) {
    it(`${channel}: the .xlsx template read by functions/domain/bulk/xlsx.ts gives a consent the registry accepts`, async () => {
      const rows = await rowsOf(t.xlsxBytes(t.templateRows(channel, now)));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.line).toBe(2);
      const body = rows[0]!.body!;
      // The empty retailerCode cell is left out, as İYS refuses empty optional fields.
      expect(Object.keys(body).sort()).toEqual(
        ['consentDate', 'recipient', 'recipientType', 'source', 'status', 'type'].sort(),
      );
      expect(body.type).toBe(channel);
      expect(validateConsent(body, { now, actor: 'HS' })).toMatchObject({ ok: true });
    });
  }

  it('the CSV template (with its BOM) splits into the same consent under the CSV rules', () => {
    const csv = t.templateCsv(t.templateRows('ARAMA', now));
    expect(csv.startsWith('\ufeff')).toBe(true);
    const [head, example] = csv
      .slice(1)
      .split('\r\n')
      .filter(Boolean)
      .map((l) => l.split(','));
    const h = checkHeader(head!);
    if (!h.ok) throw new Error(h.reason);
    const row = csvRow(h.columns, example!, 2);
    expect(row.body).toEqual({
      recipient: '+905321234567',
      type: 'ARAMA',
      status: 'ONAY',
      consentDate: '2026-11-25 09:00:00',
      source: 'HS_WEB',
      recipientType: 'BIREYSEL',
    });
    expect(validateConsent(row.body, { now, actor: 'HS' })).toMatchObject({ ok: true });
  });

  it('the ZIP is well formed: yauzl reads every entry back byte for byte, CRC-32 checked against zlib', async () => {
    const files: [string, string | Uint8Array][] = [
      ['a.txt', 'İzinler ğüşiöç'],
      ['dir/b.bin', new Uint8Array([0, 1, 2, 255])],
      ['empty', ''],
    ];
    const zip = await yauzl.fromBufferPromise(Buffer.from(t.zipStored(files)), { validateEntrySizes: true });
    const got: Record<string, Buffer> = {};
    for await (const e of zip.eachEntry()) {
      const parts: Buffer[] = [];
      for await (const b of await zip.openReadStreamPromise(e)) parts.push(b as Buffer);
      got[e.fileName] = Buffer.concat(parts);
      expect(e.crc32).toBe(crc32(got[e.fileName]!));
    }
    expect(Object.keys(got)).toEqual(['a.txt', 'dir/b.bin', 'empty']);
    expect(got['a.txt']!.toString()).toBe('İzinler ğüşiöç');
    expect([...got['dir/b.bin']!]).toEqual([0, 1, 2, 255]);
    expect(got.empty!.length).toBe(0);
  });

  it('text is escaped in the sheet (a value with <, & and quotes survives the round trip)', async () => {
    const rows = await rowsOf(
      t.xlsxBytes([
        ['recipient', 'type', 'status'],
        ['<a&"b">', 'EPOSTA', 'ONAY'],
      ]),
    );
    expect(rows[0]!.body!.recipient).toBe('<a&"b">');
  });
});
