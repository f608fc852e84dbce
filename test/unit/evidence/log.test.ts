import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  csvRow,
  daysBack,
  parseReportDate,
  turkeyDate,
  turkeyDayBounds,
} from '../../../functions/domain/evidence/daily.js';
import {
  CompactRange,
  consistencyProofOf,
  foldPerfect,
  inclusionProofOf,
  type PerfectHash,
  treeRoot,
} from '../../../functions/domain/evidence/log.js';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  rootHash,
  verifyInclusion,
} from '../../../functions/domain/evidence/merkle.js';

const leaves = (n: number) =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`leaf ${i}`)));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Perfect subtrees from a stored level `tile` (as the log stores level 10) plus leaves, counting leaf reads. */
function source(ls: Uint8Array[], tile: number) {
  const stored: Uint8Array[] = [];
  for (let i = 0; i + 2 ** tile <= ls.length; i += 2 ** tile)
    stored.push(foldPerfect(ls.slice(i, i + 2 ** tile)));
  let leafReads = 0;
  const perfect: PerfectHash = (level, index) => {
    if (level >= tile) {
      const k = 2 ** (level - tile);
      return foldPerfect(stored.slice(index * k, index * k + k));
    }
    leafReads += 2 ** level;
    return foldPerfect(ls.slice(index * 2 ** level, (index + 1) * 2 ** level));
  };
  return { perfect, reads: () => leafReads };
}

describe('log over perfect subtrees equals merkle.ts', () => {
  it('roots, inclusion and consistency proofs for every size up to 80 (tile level 2)', () => {
    const all = leaves(80);
    for (let n = 1; n <= 80; n++) {
      const ls = all.slice(0, n);
      const { perfect } = source(ls, 2);
      expect(hex(treeRoot(perfect, n))).toBe(hex(rootHash(ls, n)));
      for (let m = 0; m < n; m++)
        expect(inclusionProofOf(perfect, m, n).map(hex)).toEqual(inclusionProof(ls, m, n).map(hex));
      for (let m = 1; m <= n; m++)
        expect(consistencyProofOf(perfect, m, n).map(hex)).toEqual(consistencyProof(ls, m, n).map(hex));
    }
  });

  it('a proof in a big tree reads only a few leaf blocks (tile level 10, 5000 leaves)', () => {
    const ls = leaves(5000);
    const s = source(ls, 10);
    const proof = inclusionProofOf(s.perfect, 1234, 5000);
    expect(verifyInclusion(1234, 5000, ls[1234]!, proof, rootHash(ls, 5000))).toBe(true);
    expect(s.reads()).toBeLessThanOrEqual(2 * 1024);
  });

  it('the compact range gives the same root after every append and reports level-10 nodes', () => {
    const ls = leaves(2100);
    const range = new CompactRange();
    const tiles: [number, string][] = [];
    ls.forEach((l, i) => {
      range.append(l, (level, index, h) => level === 10 && tiles.push([index, hex(h)]));
      if ([0, 1, 2, 3, 7, 1023, 1024, 2047, 2099].includes(i))
        expect(hex(range.root())).toBe(hex(rootHash(ls, i + 1)));
    });
    expect(tiles).toEqual([
      [0, hex(foldPerfect(ls.slice(0, 1024)))],
      [1, hex(foldPerfect(ls.slice(1024, 2048)))],
    ]);
    // resumed from a stored range: same result
    const resumed = new CompactRange(range.size, range.hashes.slice());
    resumed.append(leafHash(Uint8Array.of(1)));
    expect(hex(resumed.root())).toBe(hex(rootHash([...ls, leafHash(Uint8Array.of(1))], 2101)));
    expect(() => new CompactRange(3, [])).toThrow();
  });
});

describe('daily file format and Turkey days', () => {
  it('a day runs from 21:00 UTC the day before, for 24 hours', () => {
    const b = turkeyDayBounds('2026-11-25');
    expect(new Date(b.start * 1000).toISOString()).toBe('2026-11-24T21:00:00.000Z');
    expect(b.end - b.start).toBe(86400);
    expect(turkeyDate(new Date('2026-11-24T21:00:00Z'))).toBe('2026-11-25');
    expect(turkeyDate(new Date('2026-11-24T20:59:59Z'))).toBe('2026-11-24');
    expect(daysBack('2026-11-18', new Date('2026-11-25T10:00:00+03:00'))).toBe(7);
    expect(parseReportDate('2026-02-30')).toBeUndefined();
  });

  it('rows: İYS column order, empty consentDate, RFC 4180 quoting only when needed', () => {
    const row = csvRow({
      iysCode: 1,
      brandCode: 1,
      recipient: '"x,y"@example.com',
      recipientType: 'TACIR',
      type: 'EPOSTA',
      status: 'ONAY',
      source: 'HS_WEB',
      creationDate: '2026-11-25 10:00:00',
      transactionId: 'ab',
    });
    expect(row).toBe('2026-11-25 10:00:00,ab,"""x,y""@example.com",TACIR,EPOSTA,ONAY,,HS_WEB\n');
    expect(createHash('sha384').update(row).digest('hex')).toHaveLength(96);
  });
});
