import { clock } from '../adapters/clock.js';
import { config, env } from '../adapters/env.js';
import { readRange } from '../adapters/object-ranges.js';
import { awsReportStore, objectSize, readStream } from '../adapters/objects.js';
import { sendMessages } from '../adapters/queues.js';
import {
  awsProgressStore,
  awsUploadStore,
  claimSplit,
  finishSplit,
  getUpload,
  setSeen,
} from '../adapters/upload-store.js';
import { type BulkDeps, maybeFinalize, type SplitDeps } from '../app/bulk.js';
import { awsConsents } from './consents.js';

/** The bulk pipeline over AWS: the uploads table, the reports bucket, the chunks queue, the consent path. */
export function awsBulkDeps(): BulkDeps {
  return {
    consents: awsConsents(),
    uploads: awsUploadStore,
    reports: awsReportStore,
    progress: awsProgressStore,
    now: () => clock.now(),
  };
}

/** The splitter's dependencies for one object of the uploads bucket. */
export function awsSplitDeps(bucket: string, key: string, bulk: BulkDeps = awsBulkDeps()): SplitDeps {
  return {
    uploads: { get: getUpload, finish: awsUploadStore.finish, claimSplit, setSeen, finishSplit },
    open: () => readStream(bucket, key),
    openRange: (start, end) => readRange(bucket, key, start, end),
    size: () => objectSize(bucket, key),
    send: (messages) => sendMessages(env.chunksQueue(), messages),
    now: () => clock.now(),
    chunkRows: config().IYS_BULK_CHUNK_ROWS,
    maxPartitions: config().IYS_BULK_PARTITIONS,
    partitionBytes: config().IYS_BULK_PARTITION_BYTES,
    afterSplit: async (uploadId) => {
      await maybeFinalize(uploadId, bulk);
    },
  };
}
