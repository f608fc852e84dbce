import type * as store from '../adapters/consent-store.js';
import type * as ev from '../adapters/evidence-store.js';
import type { ProviderItem } from '../adapters/registry-store.js';
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
import type { Signer } from '../domain/evidence/signer.js';
import type { TimeStampAuthority } from '../domain/evidence/tsa.js';
import { toPem } from '../domain/evidence/x509.js';
import { canonicalBytes, type FeedGroup, feedGroup, type Movement, txnSeconds } from '../domain/movement.js';

/**
 * Each provider's append-only Merkle log of movements (RFC 9162 hashing; data model in docs/evidence.md).
 * - `appendMovements` (a movement sink): leaf = SHA-256(0x00 ‖ canonical bytes of the movement), appended
 *   exactly once, in stream order, in chunks of ≤ 100 (a conditional claim per chunk).
 * - `seal`: for every log with new leaves, extends the last checkpoint's compact range by the new leaves,
 *   stores the completed level-10 subtree hashes, and writes a checkpoint signed (CMS, provider key) and
 *   time-stamped (RFC 3161, TSA key): two KMS Sign calls per checkpoint, whatever the number of leaves.
 * - receipts and consistency proofs read stored hashes only (no record decryption except the receipt's own).
 * Each Lambda builds only the part it runs (the stream the appender, the seal job the sealer, the API the
 * checkpoint reads or the consistency proofs), so a Lambda that never signs does not load the PKI.
 */

/**
 * The log's storage (functions/adapters/evidence-store.ts): heads, chunks of leaves and their receipt index,
 * level-`tileLevel` subtree hashes, checkpoints.
 */
export type EvidenceLogStore = Pick<
  typeof ev,
  | 'getHead'
  | 'unsealedHeads'
  | 'loggedTxns'
  | 'repairHead'
  | 'appendChunk'
  | 'readLeaves'
  | 'readTiles'
  | 'writeTiles'
  | 'putCheckpoint'
  | 'latestCheckpoint'
  | 'getTxn'
> & {
  /** Leaves per appended chunk (one conditional claim each). */
  maxChunk: number;
  /** The level whose subtree hashes the sealer stores (2^tileLevel leaves each). */
  tileLevel: number;
};

/**
 * The registry's PKI (functions/adapters/certificates.ts): the provider's evidence signer and certificate,
 * the root and TSA certificates, and the RFC 3161 time-stamping authority.
 */
export interface EvidencePki {
  providerSigner(provider: ProviderItem): Signer;
  providerCertificate(provider: ProviderItem): Promise<Uint8Array>;
  rootCertificate(): Promise<Uint8Array>;
  tsaCertificate(): Promise<Uint8Array>;
  timeStampAuthority(): Promise<TimeStampAuthority>;
}

/**
 * What the evidence log reaches: its store, the movements it logs, the directory, the PKI and the clock.
 * Each part below takes only the ports it uses.
 */
export interface EvidenceLogPorts {
  log: EvidenceLogStore;
  /** Decrypted movements of these items, in their order (the consent use cases' readMovement). */
  readMovements(items: store.MovementItem[]): Promise<Movement[]>;
  /** The stored movement item of a brand, group, creation second and transactionId (its key), if any. */
  movement(
    iysCode: number,
    brandCode: number,
    group: FeedGroup,
    seconds: number,
    txn: string,
  ): Promise<store.MovementItem | undefined>;
  /** Cached look-up (the directory). */
  provider(iysCode: number): Promise<ProviderItem | undefined>;
  pki: EvidencePki;
  now(): Date;
  /** How often the sealer runs (IYS_SEAL_INTERVAL_SECONDS): a pending receipt's expected time. */
  sealIntervalSeconds(): number;
  /** One provider's log could not be sealed this run (the next run retries). */
  sealFailed(iysCode: number, error: Error): void;
}

const SEAL_WINDOW = 50_000;

const splitCompact = (b: Uint8Array): Uint8Array[] =>
  Array.from({ length: b.length / 32 }, (_, i) => b.slice(i * 32, i * 32 + 32));
const joinCompact = (hs: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(hs.length * 32);
  hs.forEach((h, i) => {
    out.set(h, i * 32);
  });
  return out;
};

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

export interface SealResult {
  iysCode: number;
  from: number;
  to: number;
  sealed: boolean;
}

export type ReceiptOutcome =
  | { kind: 'unknown' }
  /** Recorded (its second is after the watermark) but not in the log yet: logged within seconds. */
  | { kind: 'unlogged'; recordedAt: number; watermark: number }
  | { kind: 'pending'; leafIndex: number; lastSealedAt?: string }
  | { kind: 'sealed'; receipt: Record<string, unknown> };

export type AppenderPorts = Pick<EvidenceLogPorts, 'log' | 'readMovements'>;
export type SealerPorts = Pick<EvidenceLogPorts, 'log' | 'provider' | 'pki' | 'now' | 'sealFailed'>;
export type CheckpointReadPorts = Pick<
  EvidenceLogPorts,
  'log' | 'movement' | 'readMovements' | 'provider' | 'pki' | 'now' | 'sealIntervalSeconds'
>;
export type ConsistencyPorts = Pick<EvidenceLogPorts, 'log'>;

/**
 * Perfect-subtree hashes for proofs in a tree of `size`: stored level-10 hashes for big subtrees, leaves for
 * small ones. A dry run finds which 1024-leaf blocks the proof touches, so only those are read.
 */
async function perfectSource(
  log: Pick<EvidenceLogStore, 'readTiles' | 'readLeaves' | 'tileLevel'>,
  iysCode: number,
  size: number,
  compute: (p: PerfectHash) => unknown,
): Promise<PerfectHash> {
  const T = log.tileLevel;
  const blocks = new Set<number>();
  compute((level, index) => {
    if (level < T) blocks.add(Math.floor((index * 2 ** level) / 2 ** T));
    return new Uint8Array(32);
  });
  const tiles = await log.readTiles(iysCode, 0, Math.floor(size / 2 ** T));
  const leaves = new Map<number, Uint8Array>();
  await Promise.all(
    [...blocks].map(async (b) => {
      const from = b * 2 ** T;
      const hs = await log.readLeaves(iysCode, from, Math.min(size, from + 2 ** T));
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

/** The stream's sink: appends movements to their providers' logs. */
export function logAppender(ports: AppenderPorts) {
  const { log } = ports;
  /** The movement sink: appends each new movement to its provider's log (idempotent under redelivery). */
  async function appendMovements(movements: store.MovementItem[]): Promise<{ appended: number }> {
    const byProvider = new Map<number, ev.LeafInput[]>();
    const records = await ports.readMovements(movements);
    const leaves = movements.map((m, i) => ({
      iysCode: m.iysCode,
      leaf: {
        txn: m.txn,
        hash: leafHash(canonicalBytes(records[i]!)),
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

  async function appendLeaves(iysCode: number, leaves: ev.LeafInput[]): Promise<number> {
    // A redelivered batch: drop what an earlier delivery logged (one consistent BatchGet per 100).
    const first = await log.loggedTxns(
      iysCode,
      leaves.map((l) => l.txn),
    );
    let pending = leaves.filter((l) => !first.has(l.txn));
    if (!pending.length) return 0;
    let size = await log.repairHead(iysCode);
    let appended = 0;
    for (let conflicts = 0; pending.length; ) {
      const chunk = pending.slice(0, log.maxChunk);
      if ((await log.appendChunk(iysCode, size, chunk)) === 'ok') {
        size += chunk.length;
        appended += chunk.length;
        pending = pending.slice(chunk.length);
        continue;
      }
      // Another writer claimed this position (or stopped half-way there): catch up and check again.
      if (++conflicts > 50) throw new Error(`log ${iysCode}: too many append conflicts`);
      size = await log.repairHead(iysCode);
      const logged = await log.loggedTxns(
        iysCode,
        pending.map((l) => l.txn),
      );
      pending = pending.filter((l) => !logged.has(l.txn));
      await new Promise((r) => setTimeout(r, Math.random() * 20 * Math.min(conflicts, 10)));
    }
    return appended;
  }

  return { appendMovements, appendLeaves };
}

export type LogAppender = ReturnType<typeof logAppender>;

/** The seal job: checkpoints the logs with new leaves. */
export function logSealer(ports: SealerPorts) {
  const { log, pki } = ports;

  /** Checkpoints every log with new leaves (or only `only`). */
  async function seal(only?: number[]): Promise<SealResult[]> {
    const heads = only
      ? (await Promise.all(only.map((c) => log.getHead(c)))).filter((h) => h.size > h.sealed)
      : await log.unsealedHeads();
    const out: SealResult[] = [];
    for (const h of heads) {
      try {
        out.push(await sealLog(h.iysCode));
      } catch (e) {
        // One provider's trouble (e.g. its key) must not stop the others; the next run retries.
        ports.sealFailed(h.iysCode, e as Error);
      }
    }
    return out;
  }

  async function sealLog(iysCode: number): Promise<SealResult> {
    const head = await log.getHead(iysCode);
    const prev = await log.latestCheckpoint(iysCode);
    const from = prev?.size ?? 0;
    if (head.size <= from) return { iysCode, from, to: from, sealed: false };
    const provider = await ports.provider(iysCode);
    if (!provider) throw new Error(`provider ${iysCode} not found`);

    const range = new CompactRange(from, prev ? splitCompact(prev.compact) : []);
    for (let start = from; start < head.size; start += SEAL_WINDOW) {
      const end = Math.min(head.size, start + SEAL_WINDOW);
      const tiles: Uint8Array[] = [];
      let firstTile = -1;
      for (const leaf of await log.readLeaves(iysCode, start, end)) {
        range.append(leaf, (level, index, hash) => {
          if (level !== log.tileLevel) return;
          if (firstTile < 0) firstTile = index;
          tiles.push(hash);
        });
      }
      if (tiles.length) await log.writeTiles(iysCode, firstTile, tiles);
    }
    const text = formatCheckpoint({
      origin: checkpointOrigin(iysCode),
      treeSize: head.size,
      rootHash: range.root(),
    });
    const data = new TextEncoder().encode(text);
    const now = ports.now();
    const [certificate, root, tsa] = await Promise.all([
      pki.providerCertificate(provider),
      pki.rootCertificate(),
      pki.timeStampAuthority(),
    ]);
    const [sig, stamp] = await Promise.all([
      signDetached(data, {
        signer: pki.providerSigner(provider),
        certificate,
        chain: [root],
        signingTime: now,
      }),
      tsa.timestampDigest(sha256(data), 'SHA-256'),
    ]);
    const sealed = await log.putCheckpoint(
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

  return { seal, sealLog };
}

export type LogSealer = ReturnType<typeof logSealer>;

/** What the API answers from a signed checkpoint: the latest one, and a movement's receipt against it. */
export function checkpointReads(ports: CheckpointReadPorts) {
  const { log, pki } = ports;

  async function certificatesOf(iysCode: number): Promise<string[]> {
    const provider = await ports.provider(iysCode);
    if (!provider) throw IysError.of('H001', { vars: { iysCode } });
    const [p, t, r] = await Promise.all([
      pki.providerCertificate(provider),
      pki.tsaCertificate(),
      pki.rootCertificate(),
    ]);
    return [toPem(p), toPem(t), toPem(r)];
  }

  /**
   * A movement's receipt. Before the stream has logged it, the transactionId's own second tells a recent
   * movement (after the watermark: not logged yet) from an unknown one (the log holds everything up to the
   * watermark): never a bare 404 for a movement just recorded.
   */
  async function receipt(
    iysCode: number,
    brandCode: number,
    txn: string,
    watermark: number,
  ): Promise<ReceiptOutcome> {
    if (!/^[0-9a-f]{64}$/.test(txn)) return { kind: 'unknown' };
    const entry = await log.getTxn(iysCode, txn);
    if (!entry) {
      const recordedAt = txnSeconds(txn);
      // Not after "now" either: a made-up id with a future second is simply unknown.
      const now = Math.floor(ports.now().getTime() / 1000);
      return recordedAt > watermark && recordedAt <= now + 60
        ? { kind: 'unlogged', recordedAt, watermark }
        : { kind: 'unknown' };
    }
    // The movement item's key follows from the id (its second and digest), the brand and the group.
    const item = await ports.movement(iysCode, brandCode, entry.group, txnSeconds(txn), txn);
    if (!item || item.txn !== txn) return { kind: 'unknown' }; // another brand's movement
    const cp = await log.latestCheckpoint(iysCode);
    if (!cp || cp.size <= entry.index)
      return { kind: 'pending', leafIndex: entry.index, ...(cp ? { lastSealedAt: cp.at } : {}) };
    const [movement] = await ports.readMovements([item]);
    const record = canonicalBytes(movement!);
    const perfect = await perfectSource(log, iysCode, cp.size, (p) =>
      inclusionProofOf(p, entry.index, cp.size),
    );
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
  function receiptWait(
    r: Extract<ReceiptOutcome, { kind: 'unlogged' | 'pending' }>,
    now: Date,
  ): { body: Record<string, unknown> & { retryAfterSeconds: number } } {
    const sealEvery = ports.sealIntervalSeconds();
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

  async function latest(iysCode: number): Promise<Record<string, unknown> | undefined> {
    const cp = await log.latestCheckpoint(iysCode);
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

  return { latest, receipt, receiptWait };
}

export type CheckpointReads = ReturnType<typeof checkpointReads>;

/** Consistency proofs between two sizes of the sealed log: stored hashes only, no PKI. */
export function consistencyProofs(ports: ConsistencyPorts) {
  const { log } = ports;

  /** RFC 9162 consistency proof between two sizes of the sealed log; undefined when a size is out of range. */
  async function consistency(
    iysCode: number,
    from: number,
    to: number,
  ): Promise<Record<string, unknown> | undefined> {
    const cp = await log.latestCheckpoint(iysCode);
    if (!cp || from < 1 || from > to || to > cp.size) return undefined;
    const perfect = await perfectSource(log, iysCode, to, (p) => {
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

  return { consistency };
}

export type ConsistencyProofs = ReturnType<typeof consistencyProofs>;
