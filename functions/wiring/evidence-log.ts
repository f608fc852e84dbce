import { clock } from '../adapters/clock.js';
import * as store from '../adapters/consent-store.js';
import { directory } from '../adapters/directory.js';
import { env } from '../adapters/env.js';
import * as ev from '../adapters/evidence-store.js';
import { logger } from '../adapters/logger.js';
import { mapLimit } from '../adapters/map-limit.js';
import {
  type CheckpointReads,
  type ConsistencyProofs,
  checkpointReads,
  consistencyProofs,
  type EvidenceLogPorts,
  type EvidenceLogStore,
  type LogAppender,
  type LogSealer,
  logAppender,
  logSealer,
} from '../app/evidence-log.js';
import { awsConsents } from './consents.js';
import { awsPki } from './pki.js';

/**
 * The evidence log's AWS ports: the Evidence table, the movement items of the Consents table (decrypted by
 * the consent use cases, 16 at a time), the directory, the PKI, the clock and the seal interval. Each
 * builder below names only what its part uses, so a Lambda bundles no PKI it never runs.
 */
const awsLogStore = (): EvidenceLogStore => ({
  getHead: ev.getHead,
  unsealedHeads: ev.unsealedHeads,
  loggedTxns: ev.loggedTxns,
  repairHead: ev.repairHead,
  appendChunk: ev.appendChunk,
  readLeaves: ev.readLeaves,
  readTiles: ev.readTiles,
  writeTiles: ev.writeTiles,
  putCheckpoint: ev.putCheckpoint,
  latestCheckpoint: ev.latestCheckpoint,
  getTxn: ev.getTxn,
  maxChunk: ev.MAX_CHUNK,
  tileLevel: ev.TILE_LEVEL,
});

function awsReadMovements(): EvidenceLogPorts['readMovements'] {
  const consents = awsConsents();
  return (items) => mapLimit(items, 16, (m) => consents.readMovement(m));
}

const provider: EvidenceLogPorts['provider'] = (iysCode) => directory.provider(iysCode);
const now = () => clock.now();

/** The stream's sink (the consents-stream Lambda). */
export const awsLogAppender = (): LogAppender =>
  logAppender({ log: awsLogStore(), readMovements: awsReadMovements() });

/** The seal job. */
export const awsLogSealer = (): LogSealer =>
  logSealer({
    log: awsLogStore(),
    provider,
    pki: awsPki(),
    now,
    sealFailed: (iysCode, e) => logger.error('seal failed', { iysCode, errorName: e.name }),
  });

/** The latest checkpoint and receipts. */
export const awsCheckpointReads = (): CheckpointReads =>
  checkpointReads({
    log: awsLogStore(),
    movement: async (iysCode, brandCode, group, seconds, txn) =>
      (await store.getMovements([store.movementKey(iysCode, brandCode, group, seconds, txn)]))[0],
    readMovements: awsReadMovements(),
    provider,
    pki: awsPki(),
    now,
    sealIntervalSeconds: () => env.sealIntervalSeconds(),
  });

/** Consistency proofs. */
export const awsConsistencyProofs = (): ConsistencyProofs => consistencyProofs({ log: awsLogStore() });
