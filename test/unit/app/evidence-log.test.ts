import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProviderItem } from '../../../functions/adapters/registry-store.js';
import {
  checkpointReads,
  consistencyProofs,
  type EvidenceLogPorts,
  logAppender,
  logSealer,
} from '../../../functions/app/evidence-log.js';
import { checkpointOrigin, parseCheckpoint } from '../../../functions/domain/evidence/checkpoint.js';
import { sha256 } from '../../../functions/domain/evidence/cms.js';
import {
  leafHash,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '../../../functions/domain/evidence/merkle.js';
import { readTimeStampResponse } from '../../../functions/domain/evidence/tsa.js';
import { toPem } from '../../../functions/domain/evidence/x509.js';
import { canonicalBytes, type Movement, transactionId } from '../../../functions/domain/movement.js';
import { memoryDirectory, memoryFeed, memoryLog, memoryPki, movementAt, PROVIDER } from './evidence-fakes.js';
import { refusal } from './refusal.js';

/** The evidence log's parts over in-memory fakes of their ports (a real PKI with in-process keys). */
const T0 = Date.parse('2026-11-25T10:00:00Z') / 1000;
const OTHER = { ...PROVIDER, iysCode: 700002 } as ProviderItem;

async function setup(opts: { tileLevel?: number; maxChunk?: number } = {}) {
  let now = new Date(T0 * 1000 + 60_000);
  const feed = memoryFeed();
  const log = memoryLog(opts);
  const directory = memoryDirectory([PROVIDER, OTHER]);
  const pki = await memoryPki(() => now);
  const failures: { iysCode: number; error: Error }[] = [];
  const ports: EvidenceLogPorts = {
    log: log.store,
    readMovements: feed.readMovements,
    movement: feed.movement,
    provider: directory.provider,
    pki: pki.ports,
    now: () => now,
    sealIntervalSeconds: () => 60,
    sealFailed: (iysCode, error) => {
      failures.push({ iysCode, error });
    },
  };
  return {
    feed,
    log,
    directory,
    pki,
    failures,
    appender: logAppender(ports),
    sealer: logSealer(ports),
    reads: checkpointReads(ports),
    proofs: consistencyProofs(ports),
    setNow: (d: Date) => {
      now = d;
    },
  };
}

/** `n` movements of the provider, one a second from T0, stored in the feed. */
function recorded(s: Awaited<ReturnType<typeof setup>>, n: number, iysCode = PROVIDER.iysCode) {
  const list = Array.from({ length: n }, (_, i) =>
    movementAt(T0 + i, { iysCode, source: i % 3 === 2 ? 'IYS_WEB' : 'HS_WEB' }),
  );
  s.feed.add(...list);
  return list;
}

const leafOf = (m: Movement) => leafHash(canonicalBytes(m));
const fromB64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('evidence log: appending', () => {
  it('appends every new movement once, per provider, in stream order, leaf = hash of its canonical bytes', async () => {
    const s = await setup();
    const mine = recorded(s, 3);
    const theirs = recorded(s, 2, OTHER.iysCode);
    const batch = [mine[0]!, theirs[0]!, mine[1]!, mine[1]!, theirs[1]!, mine[2]!].map((m) => m.item);
    expect(await s.appender.appendMovements(batch)).toEqual({ appended: 5 });
    expect((await s.log.store.getHead(PROVIDER.iysCode)).size).toBe(3);
    expect((await s.log.store.getHead(OTHER.iysCode)).size).toBe(2);
    expect(await s.log.store.readLeaves(PROVIDER.iysCode, 0, 3)).toEqual(mine.map((m) => leafOf(m.movement)));
    expect(await s.log.store.getTxn(PROVIDER.iysCode, mine[2]!.item.txn)).toEqual({ index: 2, group: 'IYS' });
    expect(await s.log.store.getTxn(PROVIDER.iysCode, mine[0]!.item.txn)).toEqual({ index: 0, group: 'HS' });
    // Delivered again: nothing new, not even a head repair.
    const repairs = s.log.calls.repairHead;
    expect(await s.appender.appendMovements(batch)).toEqual({ appended: 0 });
    expect(s.log.calls.repairHead).toBe(repairs);
    expect((await s.log.store.getHead(PROVIDER.iysCode)).size).toBe(3);
  });

  it('writes a long batch in chunks of at most maxChunk leaves, one after the other', async () => {
    const s = await setup({ maxChunk: 4 });
    const list = recorded(s, 10);
    expect(await s.appender.appendMovements(list.map((m) => m.item))).toEqual({ appended: 10 });
    expect(s.log.calls.appendChunk).toEqual([
      { iysCode: PROVIDER.iysCode, at: 0, n: 4 },
      { iysCode: PROVIDER.iysCode, at: 4, n: 4 },
      { iysCode: PROVIDER.iysCode, at: 8, n: 2 },
    ]);
  });

  it('loses a race to another writer: finishes its claim, skips what it logged, appends the rest after it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const s = await setup();
    const list = recorded(s, 3);
    const leaves = list.map((m, i) => ({
      txn: m.item.txn,
      hash: leafOf(m.movement),
      group: 'HS' as const,
      i,
    }));
    const stranger = {
      txn: transactionId(T0, 'c'.repeat(56)),
      hash: leafHash(Uint8Array.of(9)),
      group: 'HS' as const,
    };
    // Another delivery claimed position 0 with our second movement and a stranger, then stopped.
    s.log.control.beforeClaim = () => s.log.claimOnly(PROVIDER.iysCode, 0, [leaves[1]!, stranger]);
    expect(await s.appender.appendLeaves(PROVIDER.iysCode, leaves)).toBe(2);
    expect(await s.log.store.getTxn(PROVIDER.iysCode, leaves[1]!.txn)).toMatchObject({ index: 0 });
    expect(await s.log.store.getTxn(PROVIDER.iysCode, stranger.txn)).toMatchObject({ index: 1 });
    expect(await s.log.store.getTxn(PROVIDER.iysCode, leaves[0]!.txn)).toMatchObject({ index: 2 });
    expect(await s.log.store.getTxn(PROVIDER.iysCode, leaves[2]!.txn)).toMatchObject({ index: 3 });
    expect((await s.log.store.getHead(PROVIDER.iysCode)).size).toBe(4);
  });

  it('gives up after 50 lost races (the stream delivers the batch again)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const s = await setup();
    const [m] = recorded(s, 1);
    s.log.control.conflictAlways = true;
    await expect(
      s.appender.appendLeaves(PROVIDER.iysCode, [
        { txn: m!.item.txn, hash: leafOf(m!.movement), group: 'HS' },
      ]),
    ).rejects.toThrow(/too many append conflicts/);
    expect(s.log.calls.repairHead).toBe(51);
  });
});

describe('evidence log: sealing', () => {
  it('checkpoints a log with new leaves: root of all leaves, signed by the provider, time-stamped', async () => {
    const s = await setup();
    const list = recorded(s, 5);
    await s.appender.appendMovements(list.map((m) => m.item));
    const [r, ...rest] = await s.sealer.seal();
    expect(rest).toEqual([]);
    expect(r).toEqual({ iysCode: PROVIDER.iysCode, from: 0, to: 5, sealed: true });
    const cp = (await s.log.store.latestCheckpoint(PROVIDER.iysCode))!;
    const parsed = parseCheckpoint(cp.text);
    expect(parsed.origin).toBe(checkpointOrigin(PROVIDER.iysCode));
    expect(parsed.treeSize).toBe(5);
    expect(Buffer.from(parsed.rootHash)).toEqual(
      Buffer.from(
        rootHash(
          list.map((m) => leafOf(m.movement)),
          5,
        ),
      ),
    );
    expect(cp.at).toBe(new Date(T0 * 1000 + 60_000).toISOString());
    const stamp = readTimeStampResponse(cp.tst);
    expect(stamp.status).toBe(0);
    expect(Buffer.from(stamp.tstInfo!.hashedMessage)).toEqual(
      Buffer.from(sha256(new TextEncoder().encode(cp.text))),
    );
    expect(cp.sig.length).toBeGreaterThan(100);
    expect(s.pki.calls.providerSigns).toBe(1);
    expect((await s.log.store.getHead(PROVIDER.iysCode)).sealed).toBe(5);
    // Nothing new: no checkpoint, no signature.
    expect(await s.sealer.seal()).toEqual([]);
    expect(await s.sealer.sealLog(PROVIDER.iysCode)).toEqual({
      iysCode: PROVIDER.iysCode,
      from: 5,
      to: 5,
      sealed: false,
    });
    expect(s.pki.calls.providerSigns).toBe(1);
  });

  it('extends the last checkpoint’s compact range and stores the completed subtrees (tiles)', async () => {
    const s = await setup({ tileLevel: 2 });
    const list = recorded(s, 11);
    const leaves = list.map((m) => leafOf(m.movement));
    await s.appender.appendMovements(list.slice(0, 6).map((m) => m.item));
    await s.sealer.seal([PROVIDER.iysCode]);
    expect(s.log.tiles.get(PROVIDER.iysCode)).toEqual([rootHash(leaves.slice(0, 4), 4)]);
    await s.appender.appendMovements(list.slice(6).map((m) => m.item));
    expect(await s.sealer.seal([PROVIDER.iysCode, OTHER.iysCode])).toEqual([
      { iysCode: PROVIDER.iysCode, from: 6, to: 11, sealed: true },
    ]);
    const cp = (await s.log.store.latestCheckpoint(PROVIDER.iysCode))!;
    expect(Buffer.from(parseCheckpoint(cp.text).rootHash)).toEqual(Buffer.from(rootHash(leaves, 11)));
    expect(s.log.tiles.get(PROVIDER.iysCode)).toEqual([
      rootHash(leaves.slice(0, 4), 4),
      rootHash(leaves.slice(4, 8), 4),
    ]);
  });

  it('one provider’s trouble does not stop the others; a size another sealer wrote first is not sealed again', async () => {
    const s = await setup();
    await s.appender.appendMovements(recorded(s, 2).map((m) => m.item));
    await s.appender.appendMovements(recorded(s, 3, OTHER.iysCode).map((m) => m.item));
    s.directory.known.delete(PROVIDER.iysCode);
    expect(await s.sealer.seal()).toEqual([{ iysCode: OTHER.iysCode, from: 0, to: 3, sealed: true }]);
    expect(s.failures.map((f) => [f.iysCode, f.error.message])).toEqual([
      [PROVIDER.iysCode, `provider ${PROVIDER.iysCode} not found`],
    ]);
    // A concurrent sealer wrote size 2 first (the head still says unsealed).
    s.directory.known.set(PROVIDER.iysCode, PROVIDER);
    const putCheckpoint = s.log.store.putCheckpoint;
    s.log.store.putCheckpoint = async () => false;
    expect(await s.sealer.seal()).toEqual([{ iysCode: PROVIDER.iysCode, from: 0, to: 2, sealed: false }]);
    s.log.store.putCheckpoint = putCheckpoint;
  });
});

describe('evidence log: receipts and checkpoints', () => {
  it('a sealed movement’s receipt proves its record against the signed checkpoint', async () => {
    const s = await setup({ tileLevel: 2 });
    const list = recorded(s, 13);
    await s.appender.appendMovements(list.map((m) => m.item));
    await s.sealer.seal();
    const target = list[9]!;
    const r = await s.reads.receipt(PROVIDER.iysCode, PROVIDER.iysCode, target.item.txn, T0 + 100);
    if (r.kind !== 'sealed') throw new Error(`expected a receipt, got ${r.kind}`);
    const cp = (await s.log.store.latestCheckpoint(PROVIDER.iysCode))!;
    const receipt = r.receipt as {
      record: string;
      leafIndex: number;
      treeSize: number;
      inclusionProof: string[];
      checkpoint: string;
      checkpointSignature: string;
      checkpointTimestamp: string;
      certificates: string[];
      transactionId: string;
    };
    expect(receipt.transactionId).toBe(target.item.txn);
    expect(Buffer.from(receipt.record, 'base64').toString()).toBe(canonicalBytes(target.movement).toString());
    expect([receipt.leafIndex, receipt.treeSize]).toEqual([9, 13]);
    expect(receipt.checkpoint).toBe(cp.text);
    expect(fromB64(receipt.checkpointSignature)).toEqual(cp.sig);
    expect(fromB64(receipt.checkpointTimestamp)).toEqual(cp.tst);
    expect(
      verifyInclusion(
        9,
        13,
        leafHash(fromB64(receipt.record)),
        receipt.inclusionProof.map(fromB64),
        parseCheckpoint(cp.text).rootHash,
      ),
    ).toBe(true);
    expect(receipt.certificates).toEqual([
      toPem(s.pki.pki.provider),
      toPem(s.pki.pki.tsa),
      toPem(s.pki.pki.root),
    ]);
  });

  it('a leaf that does not prove against its checkpoint is an error, not a receipt', async () => {
    const s = await setup();
    const list = recorded(s, 3);
    await s.appender.appendMovements(list.map((m) => m.item));
    await s.sealer.seal();
    // The stored record changed after it was logged.
    list[1]!.item.ct = canonicalBytes({ ...list[1]!.movement, status: 'RET' });
    await expect(s.reads.receipt(PROVIDER.iysCode, PROVIDER.iysCode, list[1]!.item.txn, T0)).rejects.toThrow(
      /leaf 1 does not prove against checkpoint 3/,
    );
  });

  it('tells a movement not logged yet from an unknown one, and a logged one waiting for its checkpoint', async () => {
    const s = await setup();
    const list = recorded(s, 3);
    const [first, second, third] = list;
    const watermark = T0;
    // Not an id at all.
    expect(await s.reads.receipt(PROVIDER.iysCode, PROVIDER.iysCode, 'x'.repeat(64), watermark)).toEqual({
      kind: 'unknown',
    });
    // Recorded after the watermark, not logged yet.
    expect(await s.reads.receipt(PROVIDER.iysCode, PROVIDER.iysCode, second!.item.txn, watermark)).toEqual({
      kind: 'unlogged',
      recordedAt: T0 + 1,
      watermark,
    });
    // At or before the watermark the log has everything: unknown.
    expect(await s.reads.receipt(PROVIDER.iysCode, PROVIDER.iysCode, first!.item.txn, watermark)).toEqual({
      kind: 'unknown',
    });
    // A second more than a minute after now: made up.
    const future = transactionId(T0 + 60 + 61, 'd'.repeat(56));
    expect(await s.reads.receipt(PROVIDER.iysCode, PROVIDER.iysCode, future, watermark)).toEqual({
      kind: 'unknown',
    });
    await s.appender.appendMovements([first!.item, second!.item]);
    expect(await s.reads.receipt(PROVIDER.iysCode, PROVIDER.iysCode, second!.item.txn, watermark)).toEqual({
      kind: 'pending',
      leafIndex: 1,
    });
    // Another brand's movement: the same log, but not this brand's item.
    expect(await s.reads.receipt(PROVIDER.iysCode, 700009, second!.item.txn, watermark)).toEqual({
      kind: 'unknown',
    });
    await s.sealer.seal();
    await s.appender.appendMovements([third!.item]);
    expect(await s.reads.receipt(PROVIDER.iysCode, PROVIDER.iysCode, third!.item.txn, watermark)).toEqual({
      kind: 'pending',
      leafIndex: 2,
      lastSealedAt: new Date(T0 * 1000 + 60_000).toISOString(),
    });
  });

  it('a 202 says which step is missing and when to come back', async () => {
    const s = await setup();
    const now = new Date('2026-11-25T10:00:00Z');
    const recordedAt = now.getTime() / 1000 - 3;
    expect(s.reads.receiptWait({ kind: 'unlogged', recordedAt, watermark: recordedAt - 1 }, now)).toEqual({
      body: {
        status: 'PENDING',
        stage: 'NOT_LOGGED',
        recordedAt: '2026-11-25T12:59:57+03:00',
        expectedBy: '2026-11-25T13:00:10+03:00',
        retryAfterSeconds: 5,
      },
    });
    // A movement recorded in the next second (clock skew): ten seconds after it.
    expect(
      s.reads.receiptWait({ kind: 'unlogged', recordedAt: recordedAt + 5, watermark: 0 }, now).body
        .expectedBy,
    ).toBe('2026-11-25T13:00:12+03:00');
    // Sealed 20 s ago, every 60 s: in 40 s.
    expect(
      s.reads.receiptWait({ kind: 'pending', leafIndex: 4, lastSealedAt: '2026-11-25T09:59:40.000Z' }, now),
    ).toEqual({
      body: {
        status: 'PENDING',
        stage: 'NOT_SEALED',
        leafIndex: 4,
        expectedBy: '2026-11-25T13:00:40+03:00',
        retryAfterSeconds: 40,
      },
    });
    // The sealer is late (its run is past): a whole interval from now; never sealed: the same.
    const late = s.reads.receiptWait(
      { kind: 'pending', leafIndex: 4, lastSealedAt: '2026-11-25T09:50:00Z' },
      now,
    );
    expect([late.body.expectedBy, late.body.retryAfterSeconds]).toEqual(['2026-11-25T13:01:00+03:00', 60]);
    const never = s.reads.receiptWait({ kind: 'pending', leafIndex: 0 }, now);
    expect([never.body.expectedBy, never.body.retryAfterSeconds]).toEqual(['2026-11-25T13:01:00+03:00', 60]);
    // Due within the second: at least one.
    const due = s.reads.receiptWait(
      { kind: 'pending', leafIndex: 0, lastSealedAt: '2026-11-25T09:59:00.500Z' },
      now,
    );
    expect(due.body.retryAfterSeconds).toBe(1);
  });

  it('the latest checkpoint: nothing before the first seal, then its text, root, signature, stamp and chain', async () => {
    const s = await setup();
    expect(await s.reads.latest(PROVIDER.iysCode)).toBeUndefined();
    const list = recorded(s, 4);
    await s.appender.appendMovements(list.map((m) => m.item));
    await s.sealer.seal();
    const cp = (await s.log.store.latestCheckpoint(PROVIDER.iysCode))!;
    expect(await s.reads.latest(PROVIDER.iysCode)).toEqual({
      checkpoint: cp.text,
      treeSize: 4,
      rootHash: Buffer.from(
        rootHash(
          list.map((m) => leafOf(m.movement)),
          4,
        ),
      ).toString('base64'),
      signature: Buffer.from(cp.sig).toString('base64'),
      timestamp: Buffer.from(cp.tst).toString('base64'),
      sealedAt: cp.at,
      certificates: [toPem(s.pki.pki.provider), toPem(s.pki.pki.tsa), toPem(s.pki.pki.root)],
    });
    // A provider no longer in the directory: H001.
    s.directory.known.delete(PROVIDER.iysCode);
    expect(await refusal(s.reads.latest(PROVIDER.iysCode))).toEqual({ status: 404, codes: ['H001'] });
  });
});

describe('evidence log: consistency proofs', () => {
  it('proves that an earlier size is a prefix of a later one, from stored tiles and leaves', async () => {
    const s = await setup({ tileLevel: 2 });
    expect(await s.proofs.consistency(PROVIDER.iysCode, 1, 1)).toBeUndefined();
    const list = recorded(s, 13);
    const leaves = list.map((m) => leafOf(m.movement));
    await s.appender.appendMovements(list.map((m) => m.item));
    await s.sealer.seal();
    for (const [from, to] of [
      [5, 13],
      [8, 12],
      [1, 13],
      [13, 13],
    ] as const) {
      const p = (await s.proofs.consistency(PROVIDER.iysCode, from, to)) as {
        from: number;
        to: number;
        fromRoot: string;
        toRoot: string;
        proof: string[];
      };
      expect([p.from, p.to]).toEqual([from, to]);
      expect(fromB64(p.fromRoot)).toEqual(rootHash(leaves, from));
      expect(fromB64(p.toRoot)).toEqual(rootHash(leaves, to));
      expect(verifyConsistency(from, to, fromB64(p.fromRoot), fromB64(p.toRoot), p.proof.map(fromB64))).toBe(
        true,
      );
    }
    // Sizes out of the sealed range.
    for (const [from, to] of [
      [0, 5],
      [6, 5],
      [5, 14],
    ] as const)
      expect(await s.proofs.consistency(PROVIDER.iysCode, from, to)).toBeUndefined();
  });
});
