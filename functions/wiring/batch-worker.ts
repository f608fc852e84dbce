import { firstRecorder, putResults, readBatch, rememberRecorder } from '../adapters/batch-store.js';
import { clock } from '../adapters/clock.js';
import { type BatchWorker, batchWorker } from '../app/batches.js';
import { awsConsents } from './consents.js';

/** The batch worker over AWS: the batch store and the consent write path. */
export function awsBatchWorker(): BatchWorker {
  return batchWorker({
    readBatch,
    putResults,
    firstRecorder,
    rememberRecorder,
    consents: awsConsents(),
    now: () => clock.now(),
  });
}
