import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  rootFromInclusionProof,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '../../../functions/domain/evidence/merkle.js';

const hx = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array | null): string => (b ? Buffer.from(b).toString('hex') : 'null');

// Reference vectors from transparency-dev/merkle (testonly/constants.go, proof/verify_test.go):
// eight leaf inputs, the RFC 6962 root of every prefix, and known inclusion/consistency proofs.
const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(hx);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const LEAF_HASHES = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
  '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
  '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
  'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
  'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
  '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
];
// Go vectors use a 1-based leaf number; converted to 0-based indices here.
const INCLUSION: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];
const CONSISTENCY: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const leaves = LEAF_INPUTS.map(leafHash);

describe('RFC 6962 reference vectors (transparency-dev/merkle)', () => {
  it('hashes leaves with the 0x00 prefix', () => {
    expect(leaves.map(toHex)).toEqual(LEAF_HASHES);
  });

  it('computes the root of every prefix 0..8', () => {
    expect(toHex(emptyRoot())).toBe(ROOTS[0]);
    for (let n = 0; n <= 8; n++) expect(toHex(rootHash(leaves, n)), `size ${n}`).toBe(ROOTS[n]);
  });

  it('generates and verifies the published inclusion proofs', () => {
    for (const v of INCLUSION) {
      const proof = inclusionProof(leaves, v.index, v.size);
      expect(proof.map(toHex), `leaf ${v.index} of ${v.size}`).toEqual(v.proof);
      const root = hx(ROOTS[v.size] as string);
      expect(verifyInclusion(v.index, v.size, leaves[v.index] as Uint8Array, v.proof.map(hx), root)).toBe(
        true,
      );
    }
  });

  it('generates and verifies the published consistency proofs', () => {
    for (const v of CONSISTENCY) {
      const proof = consistencyProof(leaves, v.size1, v.size2);
      expect(proof.map(toHex), `${v.size1} -> ${v.size2}`).toEqual(v.proof);
      const r1 = hx(ROOTS[v.size1] as string);
      const r2 = hx(ROOTS[v.size2] as string);
      expect(verifyConsistency(v.size1, v.size2, r1, r2, v.proof.map(hx))).toBe(true);
    }
  });

  it('accepts an accessor function instead of an array', () => {
    const calls: number[] = [];
    const get = (i: number): Uint8Array => {
      calls.push(i);
      return leaves[i] as Uint8Array;
    };
    expect(toHex(rootHash(get, 7))).toBe(ROOTS[7]);
    expect(Math.max(...calls)).toBe(6);
  });

  it('rejects the edge cases transparency-dev rejects', () => {
    const some = hx('abacaba000000000000000000000000000000000000000000060061e00123456');
    const empty = emptyRoot();
    // No leaf is in an empty tree; indices outside the tree never verify.
    expect(verifyInclusion(0, 0, some, [], empty)).toBe(false);
    expect(verifyInclusion(1, 0, some, [], empty)).toBe(false);
    expect(verifyInclusion(2, 1, some, [], some)).toBe(false);
    // Single-entry tree: root equals leaf hash, proof empty.
    expect(verifyInclusion(0, 1, some, [], some)).toBe(true);
    expect(verifyInclusion(0, 1, some, [], new Uint8Array())).toBe(false);
    // Consistency: time travel, empty proofs for different sizes, non-empty proofs for equal sizes.
    expect(verifyConsistency(0, 0, empty, empty, [])).toBe(true);
    expect(verifyConsistency(0, 1, empty, some, [])).toBe(true);
    expect(verifyConsistency(1, 1, some, some, [])).toBe(true);
    expect(verifyConsistency(1, 1, some, empty, [])).toBe(false);
    expect(verifyConsistency(1, 0, some, empty, [])).toBe(false);
    expect(verifyConsistency(2, 1, some, empty, [])).toBe(false);
    expect(verifyConsistency(1, 2, some, empty, [])).toBe(false);
    expect(verifyConsistency(0, 0, empty, empty, [empty])).toBe(false);
    expect(verifyConsistency(1, 1, empty, empty, [empty])).toBe(false);
    expect(() => inclusionProof(leaves, 3, 3)).toThrow(RangeError);
    expect(() => consistencyProof(leaves, 4, 3)).toThrow(RangeError);
  });
});

const flip = (proof: Uint8Array[], i: number): Uint8Array[] =>
  proof.map((p, j) => (j === i ? Uint8Array.from(p, (b, k) => (k === 0 ? b ^ 8 : b)) : p));

describe('property checks over tree sizes 1..70', () => {
  const MAX = 70;
  const entries = Array.from({ length: MAX }, (_, i) => new TextEncoder().encode(`entry-${i}`));
  const hashes = entries.map(leafHash);
  const roots = Array.from({ length: MAX + 1 }, (_, n) => rootHash(hashes, n));
  const bogus = leafHash(new TextEncoder().encode('bogus'));

  it('every inclusion proof verifies and every tampered one fails', () => {
    let checked = 0;
    for (let n = 1; n <= MAX; n++) {
      const root = roots[n] as Uint8Array;
      for (let i = 0; i < n; i++) {
        const leaf = hashes[i] as Uint8Array;
        const proof = inclusionProof(hashes, i, n);
        expect(verifyInclusion(i, n, leaf, proof, root), `leaf ${i} of ${n}`).toBe(true);
        expect(toHex(rootFromInclusionProof(i, n, leaf, proof))).toBe(toHex(root));
        const bad: [string, boolean][] = [
          ['wrong leaf', verifyInclusion(i, n, bogus, proof, root)],
          ['wrong root', verifyInclusion(i, n, leaf, proof, bogus)],
          ['index+1', verifyInclusion(i + 1, n, leaf, proof, root)],
          ['index-1', i > 0 && verifyInclusion(i - 1, n, leaf, proof, root)],
          ['size*2', verifyInclusion(i, n * 2, leaf, proof, root)],
          ['size/2', verifyInclusion(i, Math.floor(n / 2), leaf, proof, root)],
          ['extra element', verifyInclusion(i, n, leaf, [...proof, bogus], root)],
          ['preceding element', verifyInclusion(i, n, leaf, [bogus, ...proof], root)],
          ['truncated', proof.length > 0 && verifyInclusion(i, n, leaf, proof.slice(0, -1), root)],
          ...proof.map((_, k): [string, boolean] => [
            `flipped ${k}`,
            verifyInclusion(i, n, leaf, flip(proof, k), root),
          ]),
        ];
        for (const [what, ok] of bad) expect(ok, `${what}: leaf ${i} of ${n}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBe((MAX * (MAX + 1)) / 2);
  });

  it('every consistency proof verifies and every tampered one fails', () => {
    let checked = 0;
    for (let n = 1; n <= MAX; n++) {
      for (let m = 1; m <= n; m++) {
        const r1 = roots[m] as Uint8Array;
        const r2 = roots[n] as Uint8Array;
        const proof = consistencyProof(hashes, m, n);
        expect(verifyConsistency(m, n, r1, r2, proof), `${m} -> ${n}`).toBe(true);
        checked++;
        if (m === n) {
          expect(proof).toEqual([]);
          continue;
        }
        const bad: [string, boolean][] = [
          ['wrong root1', verifyConsistency(m, n, bogus, r2, proof)],
          ['wrong root2', verifyConsistency(m, n, r1, bogus, proof)],
          ['swapped roots', verifyConsistency(m, n, r2, r1, proof)],
          ['size1+1', verifyConsistency(m + 1, n, r1, r2, proof)],
          ['size1-1', verifyConsistency(m - 1, n, r1, r2, proof)],
          ['size2*2', verifyConsistency(m, n * 2, r1, r2, proof)],
          ['empty proof', verifyConsistency(m, n, r1, r2, [])],
          ['extra element', verifyConsistency(m, n, r1, r2, [...proof, r1])],
          ['preceding element', verifyConsistency(m, n, r1, r2, [r2, ...proof])],
          ['truncated', verifyConsistency(m, n, r1, r2, proof.slice(0, -1))],
          ...proof.map((_, k): [string, boolean] => [
            `flipped ${k}`,
            verifyConsistency(m, n, r1, r2, flip(proof, k)),
          ]),
        ];
        for (const [what, ok] of bad) expect(ok, `${what}: ${m} -> ${n}`).toBe(false);
      }
    }
    expect(checked).toBe((MAX * (MAX + 1)) / 2);
  });
});
