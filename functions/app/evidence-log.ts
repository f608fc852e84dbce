import {
  providerCertificate,
  providerSigner,
  rootCertificate,
  timeStampAuthority,
  tsaCertificate,
} from '../adapters/certificates.js';
import { clock } from '../adapters/clock.js';
import * as store from '../adapters/consent-store.js';
import { directory } from '../adapters/directory.js';
import { env } from '../adapters/env.js';
import * as ev from '../adapters/evidence-store.js';
import { logger } from '../adapters/logger.js';
import { mapLimit } from '../adapters/map-limit.js';
import { toTurkeyIso } from '../domain/consent/dates.js';
import { IysError } from '../domain/errors.js';
import { checkpointOrigin, formatCheckpoint, parseCheckpoint } from '../domain/evidence/checkpoint.js';
import { sha256, signDetached } from '../domain/evidence/cms.js';
import {
  CompactRange,
  consistencyProofOf,
  foldPerfect,
  inclusionProofOf,
  type PerfectHash,
  treeRoot,
} from '../domain/evidence/log.js';
import { leafHash, rootFromInclusionProof } from '../domain/evidence/merkle.js';
import { toPem } from '../domain/evidence/x509.js';
import { canonicalBytes, feedGroup, txnSeconds } from '../domain/movement.js';
import { awsConsents } from '../wiring/consents.js';

/** Not yet given its ports (docs/architecture.md): the consent use cases over AWS. */
const consents = awsConsents();

/**
 * Each provider's append-only Merkle log of movements (RFC 9162 hashing; data model in docs/evidence.md).
 * - `appendMovements` (a movement sink): leaf = SHA-256(0x00 ‖ canonical bytes of the movement), appended
 *   exactly once, in stream order, in chunks of ≤ 100 (a conditional claim per chunk).
 * - `seal`: for every log with new leaves, extends the last checkpoint's compact range by the new leaves,
 *   stores the completed level-10 subtree hashes, and writes a checkpoint signed (CMS, provider key) and
 *   time-stamped (RFC 3161, TSA key): two KMS Sign calls per checkpoint, whatever the number of leaves.
 * - receipts and consistency proofs read stored hashes only (no record decryption except the receipt's own).
 */

const SEAL_WINDOW = 50_000;

/** The movement sink: appends each new movement to its provider's log (idempotent under redelivery). */
export async function appendMovements(movements: store.MovementItem[]): Promise<{ appended: number }> {
  const byProvider = new Map<number, ev.LeafInput[]>();
  const leaves = await mapLimit(movements, 16, async (m) => ({
    iysCode: m.iysCode,
    leaf: {
      txn: m.txn,
      hash: leafHash(canonicalBytes(await consents.readMovement(m))),
      group: feedGroup(m.source),
    } satisfies ev.LeafInput,
  }));
  for (const { iysCode, leaf } of leaves) {
    const list = byProvider.get(iysCode) ?? [];
    if (!list.some((l) => l.txn === leaf.txn)) list.push(leaf);
    byProvider.set(iysCode, list);
  }
  let appended = 0;
  for (const [iysCode, list] of byProvider) appended += await appendLeaves(iysCode, list);
  return { appended };
}

export async function appendLeaves(iysCode: number, leaves: ev.LeafInput[]): Promise<number> {
  // A redelivered batch: drop what an earlier delivery logged (one consistent BatchGet per 100).
  const first = await ev.loggedTxns(
    iysCode,
    leaves.map((l) => l.txn),
  );
  let pending = leaves.filter((l) => !first.has(l.txn));
  if (!pending.length) return 0;
  let size = await ev.repairHead(iysCode);
  let appended = 0;
  for (let conflicts = 0; pending.length; ) {
    const chunk = pending.slice(0, ev.MAX_CHUNK);
    if ((await ev.appendChunk(iysCode, size, chunk)) === 'ok') {
      size += chunk.length;
      appended += chunk.length;
      pending = pending.slice(chunk.length);
      continue;
    }
    // Another writer claimed this position (or stopped half-way there): catch up and check again.
    if (++conflicts > 50) throw new Error(`log ${iysCode}: too many append conflicts`);
    size = await ev.repairHead(iysCode);
    const logged = await ev.loggedTxns(
      iysCode,
      pending.map((l) => l.txn),
    );
    pending = pending.filter((l) => !logged.has(l.txn));
    await new Promise((r) => setTimeout(r, Math.random() * 20 * Math.min(conflicts, 10)));
  }
  return appended;
}

const splitCompact = (b: Uint8Array): Uint8Array[] =>
  Array.from({ length: b.length / 32 }, (_, i) => b.slice(i * 32, i * 32 + 32));
const joinCompact = (hs: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(hs.length * 32);
  hs.forEach((h, i) => {
    out.set(h, i * 32);
  });
  return out;
};

export interface SealResult {
  iysCode: number;
  from: number;
  to: number;
  sealed: boolean;
}

/** Checkpoints every log with new leaves (or only `only`). */
export async function seal(only?: number[]): Promise<SealResult[]> {
  const heads = only
    ? (await Promise.all(only.map((c) => ev.getHead(c)))).filter((h) => h.size > h.sealed)
    : await ev.unsealedHeads();
  const out: SealResult[] = [];
  for (const h of heads) {
    try {
      out.push(await sealLog(h.iysCode));
    } catch (e) {
      // One provider's trouble (e.g. its key) must not stop the others; the next run retries.
      logger.error('seal failed', { iysCode: h.iysCode, errorName: (e as Error).name });
    }
  }
  return out;
}

export async function sealLog(iysCode: number): Promise<SealResult> {
  const head = await ev.getHead(iysCode);
  const prev = await ev.latestCheckpoint(iysCode);
  const from = prev?.size ?? 0;
  if (head.size <= from) return { iysCode, from, to: from, sealed: false };
  const provider = await directory.provider(iysCode);
  if (!provider) throw new Error(`provider ${iysCode} not found`);

  const range = new CompactRange(from, prev ? splitCompact(prev.compact) : []);
  for (let start = from; start < head.size; start += SEAL_WINDOW) {
    const end = Math.min(head.size, start + SEAL_WINDOW);
    const tiles: Uint8Array[] = [];
    let firstTile = -1;
    for (const leaf of await ev.readLeaves(iysCode, start, end)) {
      range.append(leaf, (level, index, hash) => {
        if (level !== ev.TILE_LEVEL) return;
        if (firstTile < 0) firstTile = index;
        tiles.push(hash);
      });
    }
    if (tiles.length) await ev.writeTiles(iysCode, firstTile, tiles);
  }
  const text = formatCheckpoint({
    origin: checkpointOrigin(iysCode),
    treeSize: head.size,
    rootHash: range.root(),
  });
  const data = new TextEncoder().encode(text);
  const now = clock.now();
  const [certificate, root, tsa] = await Promise.all([
    providerCertificate(provider),
    rootCertificate(),
    timeStampAuthority(),
  ]);
  const [sig, stamp] = await Promise.all([
    signDetached(data, { signer: providerSigner(provider), certificate, chain: [root], signingTime: now }),
    tsa.timestampDigest(sha256(data), 'SHA-256'),
  ]);
  const sealed = await ev.putCheckpoint(
    {
      iysCode,
      size: head.size,
      text,
      sig,
      tst: stamp.response,
      compact: joinCompact(range.hashes),
      at: now.toISOString(),
    },
    from,
  );
  return { iysCode, from, to: head.size, sealed };
}

/**
 * Perfect-subtree hashes for proofs in a tree of `size`: stored level-10 hashes for big subtrees, leaves for
 * small ones. A dry run finds which 1024-leaf blocks the proof touches, so only those are read.
 */
async function perfectSource(
  iysCode: number,
  size: number,
  compute: (p: PerfectHash) => unknown,
): Promise<PerfectHash> {
  const T = ev.TILE_LEVEL;
  const blocks = new Set<number>();
  compute((level, index) => {
    if (level < T) blocks.add(Math.floor((index * 2 ** level) / 2 ** T));
    return new Uint8Array(32);
  });
  const tiles = await ev.readTiles(iysCode, 0, Math.floor(size / 2 ** T));
  const leaves = new Map<number, Uint8Array>();
  await Promise.all(
    [...blocks].map(async (b) => {
      const from = b * 2 ** T;
      const hs = await ev.readLeaves(iysCode, from, Math.min(size, from + 2 ** T));
      hs.forEach((h, i) => {
        leaves.set(from + i, h);
      });
    }),
  );
  return (level, index) => {
    const n = 2 ** level;
    if (level >= T) {
      const k = 2 ** (level - T);
      return foldPerfect(tiles.slice(index * k, index * k + k));
    }
    return foldPerfect(Array.from({ length: n }, (_, i) => leaves.get(index * n + i)!));
  };
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

async function certificatesOf(iysCode: number): Promise<string[]> {
  const provider = await directory.provider(iysCode);
  if (!provider) throw IysError.of('H001', { vars: { iysCode } });
  const [p, t, r] = await Promise.all([providerCertificate(provider), tsaCertificate(), rootCertificate()]);
  return [toPem(p), toPem(t), toPem(r)];
}

export type ReceiptOutcome =
  | { kind: 'unknown' }
  /** Recorded (its second is after the watermark) but not in the log yet: logged within seconds. */
  | { kind: 'unlogged'; recordedAt: number; watermark: number }
  | { kind: 'pending'; leafIndex: number; lastSealedAt?: string }
  | { kind: 'sealed'; receipt: Record<string, unknown> };

/**
 * A movement's receipt. Before the stream has logged it, the transactionId's own second tells a recent
 * movement (after the watermark: not logged yet) from an unknown one (the log holds everything up to the
 * watermark): never a bare 404 for a movement just recorded.
 */
export async function receipt(
  iysCode: number,
  brandCode: number,
  txn: string,
  watermark: number,
): Promise<ReceiptOutcome> {
  if (!/^[0-9a-f]{64}$/.test(txn)) return { kind: 'unknown' };
  const entry = await ev.getTxn(iysCode, txn);
  if (!entry) {
    const recordedAt = txnSeconds(txn);
    // Not after "now" either: a made-up id with a future second is simply unknown.
    const now = Math.floor(clock.now().getTime() / 1000);
    return recordedAt > watermark && recordedAt <= now + 60
      ? { kind: 'unlogged', recordedAt, watermark }
      : { kind: 'unknown' };
  }
  // The movement item's key follows from the id (its second and digest), the brand and the group.
  const [item] = await store.getMovements([
    store.movementKey(iysCode, brandCode, entry.group, txnSeconds(txn), txn),
  ]);
  if (!item || item.txn !== txn) return { kind: 'unknown' }; // another brand's movement
  const cp = await ev.latestCheckpoint(iysCode);
  if (!cp || cp.size <= entry.index)
    return { kind: 'pending', leafIndex: entry.index, ...(cp ? { lastSealedAt: cp.at } : {}) };
  const record = canonicalBytes(await consents.readMovement(item));
  const perfect = await perfectSource(iysCode, cp.size, (p) => inclusionProofOf(p, entry.index, cp.size));
  const proof = inclusionProofOf(perfect, entry.index, cp.size);
  const root = rootFromInclusionProof(entry.index, cp.size, leafHash(record), proof);
  if (!root || b64(root) !== b64(parseCheckpoint(cp.text).rootHash)) {
    throw new Error(`log ${iysCode}: leaf ${entry.index} does not prove against checkpoint ${cp.size}`);
  }
  return {
    kind: 'sealed',
    receipt: {
      transactionId: txn,
      record: b64(record),
      leafIndex: entry.index,
      treeSize: cp.size,
      inclusionProof: proof.map(b64),
      checkpoint: cp.text,
      checkpointSignature: b64(cp.sig),
      checkpointTimestamp: b64(cp.tst),
      certificates: await certificatesOf(iysCode),
    },
  };
}

/**
 * What a 202 for a receipt says: which step is missing and when the receipt should be there. The stream
 * logs a movement within seconds; the sealer checkpoints every IYS_SEAL_INTERVAL_SECONDS (60, the
 * schedule's rate).
 */
export function receiptWait(
  r: Extract<ReceiptOutcome, { kind: 'unlogged' | 'pending' }>,
  now: Date,
): { body: Record<string, unknown> & { retryAfterSeconds: number } } {
  const sealEvery = env.sealIntervalSeconds();
  const nowMs = now.getTime();
  if (r.kind === 'unlogged') {
    const by = Math.max(nowMs, r.recordedAt * 1000) + 10_000;
    return {
      body: {
        status: 'PENDING',
        stage: 'NOT_LOGGED',
        recordedAt: toTurkeyIso(r.recordedAt * 1000),
        expectedBy: toTurkeyIso(by),
        retryAfterSeconds: 5,
      },
    };
  }
  const next = r.lastSealedAt ? Date.parse(r.lastSealedAt) + sealEvery * 1000 : nowMs + sealEvery * 1000;
  const by = next > nowMs ? next : nowMs + sealEvery * 1000;
  return {
    body: {
      status: 'PENDING',
      stage: 'NOT_SEALED',
      leafIndex: r.leafIndex,
      expectedBy: toTurkeyIso(by),
      retryAfterSeconds: Math.max(1, Math.ceil((by - nowMs) / 1000)),
    },
  };
}

export async function latest(iysCode: number): Promise<Record<string, unknown> | undefined> {
  const cp = await ev.latestCheckpoint(iysCode);
  if (!cp) return undefined;
  return {
    checkpoint: cp.text,
    treeSize: cp.size,
    rootHash: b64(parseCheckpoint(cp.text).rootHash),
    signature: b64(cp.sig),
    timestamp: b64(cp.tst),
    sealedAt: cp.at,
    certificates: await certificatesOf(iysCode),
  };
}

/** RFC 9162 consistency proof between two sizes of the sealed log; undefined when a size is out of range. */
export async function consistency(
  iysCode: number,
  from: number,
  to: number,
): Promise<Record<string, unknown> | undefined> {
  const cp = await ev.latestCheckpoint(iysCode);
  if (!cp || from < 1 || from > to || to > cp.size) return undefined;
  const perfect = await perfectSource(iysCode, to, (p) => {
    consistencyProofOf(p, from, to);
    treeRoot(p, from);
    treeRoot(p, to);
  });
  return {
    from,
    to,
    fromRoot: b64(treeRoot(perfect, from)),
    toRoot: b64(treeRoot(perfect, to)),
    proof: consistencyProofOf(perfect, from, to).map(b64),
  };
}
