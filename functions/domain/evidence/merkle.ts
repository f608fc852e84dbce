import { createHash } from 'node:crypto';

/**
 * RFC 9162 §2.1 (same hashing as RFC 6962) Merkle tree over SHA-256:
 *   leaf  = SHA-256(0x00 || entry)
 *   node  = SHA-256(0x01 || left || right)
 *   empty = SHA-256("")
 * The two prefixes keep a leaf from ever being passed off as an interior node.
 *
 * Proof generation recomputes subtrees from the leaf hashes (O(n) hashing per proof), which is
 * what a per-provider log sealed in batches needs; callers supply stored leaf hashes through
 * `LeafHashes`, so the record bytes themselves are not needed. Sizes and indices are JS numbers
 * (safe up to 2^53).
 */

export const HASH_SIZE = 32;

/** Leaf hashes by index: an array of stored hashes, or an accessor over them. */
export type LeafHashes = readonly Uint8Array[] | ((index: number) => Uint8Array);

const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export const emptyRoot = (): Uint8Array => sha256();
export const leafHash = (entry: Uint8Array): Uint8Array => sha256(LEAF_PREFIX, entry);
export const nodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array => sha256(NODE_PREFIX, left, right);

function accessor(leaves: LeafHashes): (i: number) => Uint8Array {
  if (typeof leaves === 'function') return leaves;
  return (i) => {
    const h = leaves[i];
    if (!h) throw new RangeError(`no leaf hash at index ${i}`);
    return h;
  };
}

function checkSize(n: number, name: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative safe integer`);
}

/** Largest power of two strictly less than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[start:end]). */
function subtreeHash(get: (i: number) => Uint8Array, start: number, end: number): Uint8Array {
  const n = end - start;
  if (n === 0) return emptyRoot();
  if (n === 1) return get(start);
  const k = splitPoint(n);
  return nodeHash(subtreeHash(get, start, start + k), subtreeHash(get, start + k, end));
}

/** MTH of the first `treeSize` leaves. */
export function rootHash(leaves: LeafHashes, treeSize: number): Uint8Array {
  checkSize(treeSize, 'treeSize');
  return subtreeHash(accessor(leaves), 0, treeSize);
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]): sibling hashes from the leaf upwards. */
export function inclusionProof(leaves: LeafHashes, leafIndex: number, treeSize: number): Uint8Array[] {
  checkSize(treeSize, 'treeSize');
  checkSize(leafIndex, 'leafIndex');
  if (leafIndex >= treeSize) throw new RangeError(`leaf ${leafIndex} is not in a tree of size ${treeSize}`);
  const get = accessor(leaves);
  const path = (m: number, start: number, end: number): Uint8Array[] => {
    const n = end - start;
    if (n === 1) return [];
    const k = splitPoint(n);
    return m < k
      ? [...path(m, start, start + k), subtreeHash(get, start + k, end)]
      : [...path(m - k, start + k, end), subtreeHash(get, start, start + k)];
  };
  return path(leafIndex, 0, treeSize);
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]); empty when m is 0 or m equals n. */
export function consistencyProof(leaves: LeafHashes, size1: number, size2: number): Uint8Array[] {
  checkSize(size1, 'size1');
  checkSize(size2, 'size2');
  if (size1 > size2) throw new RangeError(`size1 ${size1} exceeds size2 ${size2}`);
  if (size1 === 0 || size1 === size2) return [];
  const get = accessor(leaves);
  const subproof = (m: number, start: number, end: number, complete: boolean): Uint8Array[] => {
    const n = end - start;
    if (m === n) return complete ? [] : [subtreeHash(get, start, end)];
    const k = splitPoint(n);
    return m <= k
      ? [...subproof(m, start, start + k, complete), subtreeHash(get, start + k, end)]
      : [...subproof(m - k, start + k, end, false), subtreeHash(get, start, start + k)];
  };
  return subproof(size1, 0, size2, true);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/**
 * RFC 9162 §2.1.3.2: recomputes the root from a leaf hash and its audit path. Returns null when the
 * path has the wrong shape for (leafIndex, treeSize).
 */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array | null {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0) return null;
  if (leafIndex >= treeSize || leaf.length !== HASH_SIZE) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0 || p.length !== HASH_SIZE) return null;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      // Skip the levels where this node is a lone right-edge node with no sibling.
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const got = rootFromInclusionProof(leafIndex, treeSize, leaf, proof);
  return got !== null && equal(got, root);
}

/** RFC 9162 §2.1.4.2: does the size2 tree with root2 extend the size1 tree with root1? */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size1 > size2)
    return false;
  if (size1 === size2) return proof.length === 0 && equal(root1, root2);
  // Every tree extends the empty tree; the proof is empty by definition.
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0 || proof.some((p) => p.length !== HASH_SIZE)) return false;

  // When size1 is a power of two its root is itself a node of the new tree and starts the path.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];

  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = path[0] as Uint8Array;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(fr, root1) && equal(sr, root2);
}

function isPowerOfTwo(n: number): boolean {
  let v = n;
  while (v > 1) {
    if (isOdd(v)) return false;
    v = half(v);
  }
  return v === 1;
}
