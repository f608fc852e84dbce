import { clock } from '../adapters/clock.js';
import { env } from '../adapters/env.js';
import { loggedTxns } from '../adapters/evidence-store.js';
import { shardReader, streamShards } from '../adapters/stream-records.js';
import * as marks from '../adapters/watermark-store.js';
import type { WatermarkPorts } from '../app/watermark.js';

/** The watermark job's AWS ports: the Consents stream, the shard cursors, the evidence log, the clocks. */
export const awsWatermarkPorts = (): WatermarkPorts => ({
  streamArn: () => env.consentsStream(),
  shards: streamShards,
  reader: shardReader,
  cursors: marks.shardCursors,
  putCursor: marks.putShardCursor,
  // Eventually consistent: a leaf not seen yet only holds the watermark back until the next run.
  logged: (iysCode, txns) => loggedTxns(iysCode, txns, false),
  putWatermark: marks.putWatermark,
  now: () => clock.now(),
  wallNow: () => Date.now(),
  marginSeconds: () => env.watermarkMarginSeconds(),
});
