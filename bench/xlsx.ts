/**
 * Excel bulk files (`npm run bench -- xlsx`): İYS's template as a 1,000,000-row sheet (BENCH_XLSX_ROWS picks
 * another size), read by the bulk reader (functions/domain/bulk/xlsx.ts) by ranges of a file, as the
 * splitter reads an S3 object. Each read runs in a child with a 64 MB old-space cap (as a Lambda's memory
 * bounds its heap): if the reader held the sheet (~170 MB of XML at 1M rows) or its rows, the child would run
 * out of memory. Prints the file size, rows per CPU-second, the largest range (the sheet's zip entry, streamed
 * in 64 KB reads) and the peak RSS at 100,000 rows and at the full size, with their ratio. The unit test
 * (test/unit/bulk/xlsx.test.ts) keeps a 250,000-row sheet under a heap bound; this module measures the full
 * size, out of the test suite's time.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { type RangeSource, xlsxRows } from '../functions/domain/bulk/xlsx.js';
import { templateRows, xlsx } from '../test/unit/bulk/xlsx-writer.js';

async function writeSheet(path: string, rows: number): Promise<number> {
  await pipeline(xlsx(templateRows(rows)), createWriteStream(path));
  return statSync(path).size;
}

interface ReadResult {
  rows: number;
  lastLine: number;
  cpuSeconds: number;
  rowsPerCpuSecond: number;
  largestRangeKB: number;
  rangeReads: number;
  maxRssMB: number;
}

async function readSheet(path: string): Promise<ReadResult> {
  const size = statSync(path).size;
  let biggest = 0;
  let reads = 0;
  const src: RangeSource = {
    size,
    range: async (start, end) => {
      reads++;
      biggest = Math.max(biggest, end - start);
      return createReadStream(path, { start, end: end - 1, highWaterMark: 64 * 1024 });
    },
  };
  const cpu0 = process.cpuUsage();
  let rows = 0;
  let lastLine = 0;
  for await (const r of xlsxRows(src)) {
    rows++;
    lastLine = r.line;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    rows,
    lastLine,
    cpuSeconds: Math.round(cpuSeconds * 10) / 10,
    rowsPerCpuSecond: Math.round(rows / cpuSeconds),
    largestRangeKB: Math.round(biggest / 1024),
    rangeReads: reads,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function childRead(path: string): ReadResult {
  const tsx = resolve(import.meta.dirname, '../node_modules/.bin/tsx');
  const out = execFileSync(tsx, [import.meta.filename, '--read', path], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=64`.trim() },
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ReadResult;
}

export async function run(): Promise<Record<string, unknown>> {
  const rows = Number(process.env.BENCH_XLSX_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'iys-bench-xlsx-'));
  try {
    const small = join(dir, 'sheet-100000.xlsx');
    const big = join(dir, `sheet-${rows}.xlsx`);
    const smallBytes = await writeSheet(small, 100_000);
    const bigBytes = await writeSheet(big, rows);
    const read100k = childRead(small);
    const readBig = childRead(big);
    const exact = read100k.rows === 100_000 && readBig.rows === rows && readBig.lastLine === rows + 1;
    return {
      file: { rows, bytes: bigBytes, bytes100k: smallBytes },
      exact,
      rows100k: read100k,
      [`rows${rows}`]: readBig,
      peakRssRatio: Math.round((readBig.maxRssMB / read100k.maxRssMB) * 100) / 100,
      heapCapMB: 64,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv[2] === '--read') {
    process.stdout.write(`${JSON.stringify(await readSheet(process.argv[3]!))}\n`);
    process.exit(0);
  }
  process.stdout.write(`${JSON.stringify({ xlsx: await run() }, null, 2)}\n`);
}
