import { Readable } from 'node:stream';
import yazl from 'yazl';

/**
 * A minimal .xlsx writer for tests (yazl): one sheet, rows streamed (so a million-row workbook never sits in
 * memory), text cells as shared strings or inline strings, numbers as numbers.
 */
export type Cell = string | number | null;

/** İYS's template header row. */
export const templateHeader: Cell[] = [
  'recipient',
  'type',
  'status',
  'consentDate',
  'source',
  'recipientType',
];

/** The template's header and `n` valid MESAJ approvals (+90532…), as the big-sheet test and bench read them. */
export function* templateRows(n: number): Generator<Cell[]> {
  yield templateHeader;
  for (let i = 0; i < n; i++)
    yield [
      `+90532${String(i).padStart(7, '0')}`,
      'MESAJ',
      'ONAY',
      '2026-11-24 09:00:00',
      'HS_WEB',
      'BIREYSEL',
    ];
}

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const colName = (i: number) => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

export function xlsx(rows: Iterable<Cell[]>, opts: { shared?: boolean; firstRow?: number } = {}): Readable {
  const zip = new yazl.ZipFile();
  const shared: string[] = [];
  const index = new Map<string, number>();
  const first = opts.firstRow ?? 1;
  function* sheet(): Generator<string> {
    yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
    let r = first;
    let batch = '';
    for (const row of rows) {
      let x = `<row r="${r}">`;
      row.forEach((c, i) => {
        const ref = `${colName(i)}${r}`;
        if (c === null) return;
        if (typeof c === 'number') x += `<c r="${ref}"><v>${c}</v></c>`;
        else if (opts.shared) {
          let k = index.get(c);
          if (k === undefined) {
            k = shared.push(c) - 1;
            index.set(c, k);
          }
          x += `<c r="${ref}" t="s"><v>${k}</v></c>`;
        } else x += `<c r="${ref}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`;
      });
      batch += `${x}</row>`;
      r++;
      if (batch.length > 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    yield `${batch}</sheetData></worksheet>`;
  }
  const add = (name: string, text: string) => zip.addBuffer(Buffer.from(text), name);
  add(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
  );
  add(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  add(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="İzinler" sheetId="1" r:id="rId1"/></sheets></workbook>',
  );
  add(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
  );
  // As Excel does, the sheet comes before the shared strings in the ZIP: a reader that streams the file in
  // order would need the sheet buffered; a reader by ranges does not.
  zip.addReadStream(Readable.from(sheet()), 'xl/worksheets/sheet1.xml');
  const sharedPart = new Readable({ read() {} });
  zip.addReadStream(sharedPart, 'xl/sharedStrings.xml');
  zip.end();
  // The shared strings are known once the sheet has been written.
  const out = zip.outputStream as Readable;
  const finishShared = () => {
    sharedPart.push(
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`,
    );
    sharedPart.push(null);
  };
  zip.on('error', (e: Error) => out.destroy(e));
  // yazl reads its entries one after the other: the shared strings are read after the sheet has ended.
  const origRead = sharedPart._read.bind(sharedPart);
  let started = false;
  sharedPart._read = (n) => {
    if (!started) {
      started = true;
      finishShared();
    }
    origRead(n);
  };
  return out;
}

export async function xlsxBuffer(
  rows: Iterable<Cell[]>,
  opts?: { shared?: boolean; firstRow?: number },
): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of xlsx(rows, opts)) parts.push(b as Buffer);
  return Buffer.concat(parts);
}
