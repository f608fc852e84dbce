/**
 * Rows of an Excel workbook (.xlsx, İYS's template: the first sheet, a header row of the CSV's column
 * names, one consent a row), read streamed. An .xlsx is a ZIP of XML parts: yauzl reads the ZIP through a
 * random-access source (S3 ranged GETs), so the worksheet part is inflated and parsed as it streams (sax)
 * and rows are yielded as they complete. Memory: the shared-strings table (text cells, one entry per
 * distinct text) plus one chunk of the sheet; never the file or the sheet. See docs/web.md.
 */
import { PassThrough, type Readable } from 'node:stream';
import sax from 'sax';
import yauzl from 'yauzl';
import { type BulkRow, type CsvColumn, checkHeader, csvRow } from './rows.js';

/** The bytes of the file by range (end exclusive), e.g. S3 GetObject with a Range header. */
export interface RangeSource {
  size: number;
  range(start: number, end: number): Promise<Readable>;
}

/** The workbook cannot be read as an .xlsx (not a ZIP, no sheet, broken XML): the upload fails with X070. */
export class XlsxUnreadable extends Error {}
/** The header row is wrong: X064 with the reason. */
export class XlsxBadHeader extends Error {}

class Reader extends yauzl.RandomAccessReader {
  constructor(private readonly src: RangeSource) {
    super();
  }
  override _readStreamForRange(start: number, end: number): Readable {
    // yauzl wants a stream at once; the ranged read arrives a moment later.
    const out = new PassThrough();
    this.src.range(start, end).then(
      (s) => {
        s.on('error', (e) => out.destroy(e));
        s.pipe(out);
      },
      (e) => out.destroy(e),
    );
    return out;
  }
}

const MAX_SMALL_PART = 16 * 1024 * 1024;

async function text(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  if (entry.uncompressedSize > MAX_SMALL_PART) throw new XlsxUnreadable(`${entry.fileName} çok büyük.`);
  const parts: Buffer[] = [];
  for await (const b of await zip.openReadStreamPromise(entry)) parts.push(b as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** Runs a sax parser over a stream chunk by chunk, yielding what `onChunk` collected after each chunk. */
async function* parseStream<T>(
  stream: Readable,
  setup: (p: sax.SAXParser, out: T[]) => void,
): AsyncGenerator<T> {
  const parser = sax.parser(true, { trim: false, normalize: false });
  let failure: Error | undefined;
  parser.onerror = (e) => {
    failure = e;
  };
  const out: T[] = [];
  setup(parser, out);
  for await (const chunk of stream) {
    parser.write((chunk as Buffer).toString('utf8'));
    if (failure) throw new XlsxUnreadable(`XML okunamadı: ${failure.message.split('\n')[0]}`);
    yield* out.splice(0);
  }
  parser.close();
  if (failure) throw new XlsxUnreadable('XML okunamadı.');
  yield* out.splice(0);
}

/** "C12" → 2 (the column index of a cell reference). */
export function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** An Excel date serial (days since 1899-12-30, or 1904-01-01) as İYS's "YYYY-MM-DD HH:mm:ss". */
export function excelDate(serial: number, date1904 = false): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.round(serial * 86400) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** A numeric cell's text: integers in full (no exponent), others as Excel wrote them. */
function numberText(v: string): string {
  const n = Number(v);
  return Number.isSafeInteger(n) && /e/i.test(v) ? String(n) : v;
}

interface Parts {
  sheet: yauzl.Entry;
  sharedStrings?: yauzl.Entry;
  date1904: boolean;
}

/** The first sheet of the workbook (by workbook.xml and its relationships), and the shared strings. */
async function locate(zip: yauzl.ZipFile): Promise<Parts> {
  const entries = new Map<string, yauzl.Entry>();
  for await (const e of zip.eachEntry()) entries.set(e.fileName, e);
  const workbook = entries.get('xl/workbook.xml');
  if (!workbook) throw new XlsxUnreadable('xl/workbook.xml yok.');
  const wb = await text(zip, workbook);
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(wb);
  const rid = /<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"/.exec(wb)?.[1];
  let target = 'worksheets/sheet1.xml';
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  if (rid && relsEntry) {
    const rels = await text(zip, relsEntry);
    for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
      if (new RegExp(`\\bId="${rid}"`).test(m[0])) target = /\bTarget="([^"]+)"/.exec(m[0])?.[1] ?? target;
    }
  }
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const sheet = entries.get(path);
  if (!sheet) throw new XlsxUnreadable(`${path} yok.`);
  const sharedStrings = entries.get('xl/sharedStrings.xml');
  return { sheet, date1904, ...(sharedStrings ? { sharedStrings } : {}) };
}

/** The shared-strings table: the text of each <si> (its <t> runs, without phonetic <rPh> runs). */
async function readSharedStrings(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string[]> {
  const table: string[] = [];
  const stream = await zip.openReadStreamPromise(entry);
  for await (const s of parseStream<string>(stream, (p, out) => {
    let current: string | undefined;
    let inText = false;
    let phonetic = 0;
    p.onopentag = (t) => {
      if (t.name === 'si') current = '';
      else if (t.name === 'rPh') phonetic++;
      else if (t.name === 't' && !phonetic) inText = true;
    };
    p.onclosetag = (name) => {
      if (name === 'si') {
        out.push(current ?? '');
        current = undefined;
      } else if (name === 'rPh') phonetic--;
      else if (name === 't') inText = false;
    };
    p.ontext = (t) => {
      if (inText && current !== undefined) current += t;
    };
    p.oncdata = p.ontext;
  }))
    table.push(s);
  return table;
}

/** The sheet's rows as cell texts by column, with Excel's row number. */
async function* sheetRows(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  strings: string[],
): AsyncGenerator<{ line: number; cells: { text: string; numeric: boolean }[] }> {
  const stream = await zip.openReadStreamPromise(entry);
  yield* parseStream(stream, (p, out: { line: number; cells: { text: string; numeric: boolean }[] }[]) => {
    let line = 0;
    let cells: { text: string; numeric: boolean }[] = [];
    let col = 0;
    let type = 'n';
    let value: string | undefined;
    let capture = false;
    p.onopentag = (t) => {
      if (t.name === 'row') {
        const r = Number(t.attributes.r);
        line = Number.isInteger(r) && r > 0 ? r : line + 1;
        cells = [];
        col = 0;
      } else if (t.name === 'c') {
        const ref = t.attributes.r as string | undefined;
        col = ref ? columnIndex(ref) : col;
        type = (t.attributes.t as string | undefined) ?? 'n';
        value = undefined;
      } else if (t.name === 'v' || (t.name === 't' && type === 'inlineStr')) {
        capture = true;
        value ??= '';
      }
    };
    p.ontext = (t) => {
      if (capture) value += t;
    };
    p.oncdata = p.ontext;
    p.onclosetag = (name) => {
      if (name === 'v' || name === 't') capture = false;
      else if (name === 'c') {
        if (value !== undefined) {
          let text = value;
          if (type === 's') text = strings[Number(value)] ?? '';
          else if (type === 'b') text = value === '1' ? 'TRUE' : 'FALSE';
          else if (type === 'n') text = numberText(value);
          while (cells.length < col) cells.push({ text: '', numeric: false });
          cells[col] = { text, numeric: type === 'n' };
        }
        col++;
      } else if (name === 'row') out.push({ line, cells });
    };
  });
}

/** Consent rows of the workbook's first sheet: the first non-empty row is the header (CSV's columns). */
export async function* xlsxRows(src: RangeSource): AsyncGenerator<BulkRow> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(new Reader(src), src.size, { autoClose: false });
  } catch (e) {
    throw new XlsxUnreadable(`ZIP okunamadı: ${(e as Error).message}`);
  }
  try {
    const parts = await locate(zip);
    const strings = parts.sharedStrings ? await readSharedStrings(zip, parts.sharedStrings) : [];
    let columns: CsvColumn[] | undefined;
    for await (const { line, cells } of sheetRows(zip, parts.sheet, strings)) {
      const texts = cells.map((c) => (c ? c.text.trim() : ''));
      while (texts.length && texts[texts.length - 1] === '') texts.pop();
      if (!texts.length) continue;
      if (!columns) {
        const h = checkHeader(texts);
        if (!h.ok) throw new XlsxBadHeader(h.reason);
        columns = h.columns;
        continue;
      }
      // Excel leaves trailing empty cells out; cells past the header still count (X066).
      while (texts.length < columns.length) texts.push('');
      const at = columns.indexOf('consentDate');
      const date = cells[at];
      if (at >= 0 && date?.numeric && /^\d+(\.\d+)?$/.test(texts[at]!))
        texts[at] = excelDate(Number(texts[at]), parts.date1904);
      yield csvRow(columns, texts, line);
    }
  } catch (e) {
    if (e instanceof XlsxUnreadable || e instanceof XlsxBadHeader) throw e;
    throw new XlsxUnreadable((e as Error).message);
  } finally {
    zip.close();
  }
}
