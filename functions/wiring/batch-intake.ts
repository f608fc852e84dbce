import { putBatch } from '../adapters/batch-store.js';
import { clock } from '../adapters/clock.js';
import { env } from '../adapters/env.js';
import { sendMessages } from '../adapters/queues.js';
import { type BatchIntake, batchIntake } from '../app/batches.js';

/** The batch intake (addBatchConsent, V2) over AWS: the batch store and the batch queue. */
export function awsBatchIntake(): BatchIntake {
  return batchIntake({
    putBatch,
    enqueue: (messages) => sendMessages(env.batchQueue(), messages),
    now: () => clock.now(),
  });
}
