import { readBatch } from '../adapters/batch-store.js';
import { type BatchReports, batchReports } from '../app/batches.js';

/**
 * The batch reports (searchRequestDetails) over AWS: the batch store alone. The intake (the batch queue)
 * and the worker (the consent write path) are wired in their own files, batch-intake.ts and
 * batch-worker.ts: a Lambda's grants follow the files its handler imports (test/infra/needs.ts), and the
 * reports' Lambda reaches neither.
 */
export function awsBatchReports(): BatchReports {
  return batchReports({ readBatch });
}
