import { createHash } from 'node:crypto';
import type { MovementItem } from '../../../functions/adapters/consent-store.js';
import type {
  CheckpointItem,
  Head,
  LeafInput,
  TxnEntry,
} from '../../../functions/adapters/evidence-store.js';
import type { ProviderItem } from '../../../functions/adapters/registry-store.js';
import type { EvidenceLogStore, EvidencePki } from '../../../functions/app/evidence-log.js';
import { formatTurkeyTime } from '../../../functions/domain/consent/dates.js';
import type { ConsentSource, ConsentStatus, ConsentType } from '../../../functions/domain/consent/types.js';
import { TimeStampAuthority } from '../../../functions/domain/evidence/tsa.js';
import {
  canonicalBytes,
  type FeedGroup,
  feedGroup,
  feedShard,
  feedSortKey,
  hourBucket,
  type Movement,
  transactionId,
} from '../../../functions/domain/movement.js';
import { makePki, type Pki } from '../evidence/fixture.js';
import { PROVIDER } from './consent-fakes.js';

/**
 * In-memory fakes of the evidence log's ports (functions/app/evidence-log.ts), shared with the daily files'
 * (daily-fakes.ts): the change feed's movement items (their "sealed" record is the movement's canonical
 * JSON), the log's chunks, receipt index, tiles and checkpoints with the store's conditional writes, and a
 * real PKI with in-process keys. Each counts what it was asked.
 */
export { PROVIDER };

const digest = (n: number) => createHash('sha256').update(`movement ${n}`).digest('hex').slice(0, 56);
let made = 0;

/** A movement recorded at `cr` (epoch seconds) and its stored item; unique transactionIds. */
export function movementAt(
  cr: number,
  over: {
    iysCode?: number;
    brandCode?: number;
    status?: ConsentStatus;
    type?: ConsentType;
    source?: ConsentSource;
    recipientType?: 'BIREYSEL' | 'TACIR';
    recipient?: string;
  } = {},
): { movement: Movement; item: MovementItem } {
  const n = made++;
  const txn = transactionId(cr, digest(n));
  const movement: Movement = {
    iysCode: over.iysCode ?? PROVIDER.iysCode,
    brandCode: over.brandCode ?? PROVIDER.iysCode,
    recipient: over.recipient ?? `+90532${String(n).padStart(7, '0')}`,
    recipientType: over.recipientType ?? 'BIREYSEL',
    type: over.type ?? 'MESAJ',
    status: over.status ?? 'ONAY',
    source: over.source ?? 'HS_WEB',
    consentDate: formatTurkeyTime((cr - 3600) * 1000),
    creationDate: formatTurkeyTime(cr * 1000),
    transactionId: txn,
  };
  const item = {
    pk: '',
    sk: feedSortKey(cr, txn),
    kind: 'MOVE',
    iysCode: movement.iysCode,
    brandCode: movement.brandCode,
    recipientType: movement.recipientType,
    type: movement.type,
    status: movement.status,
    source: movement.source,
    cr,
    txn,
    seq: 1,
    dk: new Uint8Array([1]),
    ct: canonicalBytes(movement),
  } as MovementItem;
  return { movement, item };
}

/** The change feed: movement items by partition, the reads the daily files and receipts use. */
export function memoryFeed(shards = 2) {
  const items = new Map<string, MovementItem>();
  const calls = { feedPartition: 0, readMovement: 0 };
  const control = { failRead: undefined as Error | undefined };
  const partitionKey = (iysCode: number, brandCode: number, group: FeedGroup, hour: string, shard: number) =>
    `F#${iysCode}#${brandCode}#${group}#${hour}#${shard}`;
  const add = (...list: { item: MovementItem }[]) => {
    for (const { item } of list) {
      item.pk = partitionKey(
        item.iysCode,
        item.brandCode,
        feedGroup(item.source),
        hourBucket(item.cr),
        feedShard(item.txn, shards),
      );
      items.set(`${item.pk}|${item.sk}`, item);
    }
  };
  const readMovement = async (item: { ct: Uint8Array }): Promise<Movement> => {
    calls.readMovement++;
    if (control.failRead) throw control.failRead;
    return JSON.parse(Buffer.from(item.ct).toString('utf8')) as Movement;
  };
  const ports = {
    readMovement,
    activeHours: async (iysCode: number, brandCode: number, group: FeedGroup, from: string, to: string) => {
      const hours = new Set<string>();
      for (const m of items.values()) {
        const [, i, b, g, hour] = m.pk.split('#');
        if (Number(i) === iysCode && Number(b) === brandCode && g === group && hour! >= from && hour! <= to)
          hours.add(hour!);
      }
      return [...hours].sort();
    },
    feedPartition: async (pk: string, after: string, upTo: string, limit: number) => {
      calls.feedPartition++;
      return [...items.values()]
        .filter((m) => m.pk === pk && m.sk > after && m.sk <= upTo)
        .sort((a, b) => (a.sk < b.sk ? -1 : 1))
        .slice(0, limit);
    },
    layout: { feedPartitionKey: partitionKey, feedShards: () => shards },
  };
  return {
    ports,
    items,
    calls,
    control,
    add,
    readMovements: (list: MovementItem[]) => Promise.all(list.map(readMovement)),
    movement: async (iysCode: number, brandCode: number, group: FeedGroup, seconds: number, txn: string) =>
      items.get(
        `${partitionKey(iysCode, brandCode, group, hourBucket(seconds), feedShard(txn, shards))}|${feedSortKey(seconds, txn)}`,
      ),
  };
}

/**
 * The evidence log's store: a chunk claims its position (first writer wins), its receipt index and the head
 * follow; `claimOnly` leaves a claim as a writer that stopped would. `conflictAlways` makes every claim lose.
 */
export function memoryLog(opts: { tileLevel?: number; maxChunk?: number } = {}) {
  const heads = new Map<number, { size: number; sealed: number }>();
  const chunks = new Map<number, Map<number, LeafInput[]>>();
  const index = new Map<string, TxnEntry>();
  const tiles = new Map<number, Uint8Array[]>();
  const checkpoints = new Map<number, Map<number, CheckpointItem>>();
  const calls = { appendChunk: [] as { iysCode: number; at: number; n: number }[], repairHead: 0 };
  const control = {
    conflictAlways: false,
    /** Runs once before the next claim (another writer getting there first). */
    beforeClaim: undefined as (() => void) | undefined,
  };
  const head = (iysCode: number) => {
    const h = heads.get(iysCode) ?? { size: 0, sealed: 0 };
    heads.set(iysCode, h);
    return h;
  };
  const chunksOf = (iysCode: number) => {
    const c = chunks.get(iysCode) ?? new Map<number, LeafInput[]>();
    chunks.set(iysCode, c);
    return c;
  };
  const finish = (iysCode: number, start: number, leaves: LeafInput[]) => {
    leaves.forEach((l, i) => {
      index.set(`${iysCode}|${l.txn}`, { index: start + i, group: l.group });
    });
    const h = head(iysCode);
    h.size = Math.max(h.size, start + leaves.length);
  };
  const claimOnly = (iysCode: number, at: number, leaves: LeafInput[]) => {
    chunksOf(iysCode).set(at, leaves);
  };
  const leafAt = (iysCode: number, i: number): Uint8Array | undefined => {
    for (const [start, list] of chunksOf(iysCode))
      if (i >= start && i < start + list.length) return list[i - start]!.hash;
    return undefined;
  };
  const store: EvidenceLogStore = {
    maxChunk: opts.maxChunk ?? 100,
    tileLevel: opts.tileLevel ?? 10,
    getHead: async (iysCode): Promise<Head> => ({ iysCode, ...head(iysCode) }),
    unsealedHeads: async () =>
      [...heads].filter(([, h]) => h.size > h.sealed).map(([iysCode, h]) => ({ iysCode, ...h })),
    loggedTxns: async (iysCode, txns) => new Set(txns.filter((t) => index.has(`${iysCode}|${t}`))),
    repairHead: async (iysCode) => {
      calls.repairHead++;
      let size = head(iysCode).size;
      for (let c = chunksOf(iysCode).get(size); c; c = chunksOf(iysCode).get(size)) {
        finish(iysCode, size, c);
        size += c.length;
      }
      return size;
    },
    appendChunk: async (iysCode, at, leaves) => {
      if (leaves.length === 0 || leaves.length > store.maxChunk)
        throw new RangeError('chunk size out of range');
      const before = control.beforeClaim;
      control.beforeClaim = undefined;
      before?.();
      if (control.conflictAlways || chunksOf(iysCode).has(at)) return 'conflict';
      calls.appendChunk.push({ iysCode, at, n: leaves.length });
      chunksOf(iysCode).set(at, leaves);
      finish(iysCode, at, leaves);
      return 'ok';
    },
    readLeaves: async (iysCode, from, to) =>
      Array.from({ length: Math.max(0, to - from) }, (_, i) => {
        const h = leafAt(iysCode, from + i);
        if (!h) throw new Error(`leaf ${from + i} of ${iysCode} is missing`);
        return h;
      }),
    readTiles: async (iysCode, from, to) =>
      Array.from({ length: Math.max(0, to - from) }, (_, i) => {
        const h = tiles.get(iysCode)?.[from + i];
        if (!h) throw new Error(`tile ${from + i} of ${iysCode} is missing`);
        return h;
      }),
    writeTiles: async (iysCode, first, hashes) => {
      const row = tiles.get(iysCode) ?? [];
      hashes.forEach((h, i) => {
        row[first + i] = h;
      });
      tiles.set(iysCode, row);
    },
    putCheckpoint: async (cp) => {
      const byCode = checkpoints.get(cp.iysCode) ?? new Map<number, CheckpointItem>();
      checkpoints.set(cp.iysCode, byCode);
      if (byCode.has(cp.size)) return false;
      byCode.set(cp.size, cp);
      const h = head(cp.iysCode);
      h.sealed = Math.max(h.sealed, cp.size);
      return true;
    },
    latestCheckpoint: async (iysCode) => {
      const byCode = [...(checkpoints.get(iysCode)?.values() ?? [])];
      return byCode.sort((a, b) => b.size - a.size)[0];
    },
    getTxn: async (iysCode, txn) => index.get(`${iysCode}|${txn}`),
  };
  return { store, heads, chunks, index, tiles, checkpoints, calls, control, claimOnly, leafAt };
}

let shared: Promise<Pki> | undefined;
/** One in-process PKI for the whole run (keys are made once). */
export const testPki = (): Promise<Pki> => {
  shared ??= makePki(new Date('2026-11-01T00:00:00Z'));
  return shared;
};

/** The PKI port over in-process keys: the provider key counts its signatures; the TSA's time is `now`. */
export async function memoryPki(now: () => Date) {
  const pki = await testPki();
  const calls = { providerSigns: 0 };
  const signer = {
    sign: (data: Uint8Array) => {
      calls.providerSigns++;
      return pki.providerSigner.sign(data);
    },
    publicKeySpki: () => pki.providerSigner.publicKeySpki(),
  };
  const ports: EvidencePki = {
    providerSigner: () => signer,
    providerCertificate: async () => pki.provider,
    rootCertificate: async () => pki.root,
    tsaCertificate: async () => pki.tsa,
    timeStampAuthority: async () =>
      new TimeStampAuthority({ signer: pki.tsaSigner, certificate: pki.tsa, chain: [pki.root], clock: now }),
  };
  return { ports, pki, calls };
}

/** The providers the directory knows. */
export function memoryDirectory(providers: ProviderItem[] = [PROVIDER]) {
  const known = new Map(providers.map((p) => [p.iysCode, p]));
  return { known, provider: async (iysCode: number) => known.get(iysCode) };
}
