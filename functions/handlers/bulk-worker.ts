import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../adapters/logger.js';
import { applyChunk, awsBulkDeps, buryChunk, type Chunk, parseChunk } from '../app/bulk.js';
import { queues } from '../specs/resources.js';

/**
 * BulkChunks FIFO queue → one chunk of a bulk file is applied and counted once. A failing chunk is reported
 * in batchItemFailures (FIFO: the rest of the batch returns with it, to keep the group's order); on its last
 * delivery it is counted as dead, so the upload ends FAILED (X068) while the message goes to the DLQ.
 */
const maxReceives = queues.find((q) => q.id === 'BulkChunks')!.maxReceiveCount;

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const deps = awsBulkDeps();
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  let failed = false;
  for (const record of event.Records) {
    if (failed) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    let chunk: Chunk | undefined;
    try {
      chunk = parseChunk(record.body);
      const r = await applyChunk(chunk, deps);
      logger.info('bulk chunk', { uploadId: chunk.uploadId, index: chunk.index, ...r });
    } catch (e) {
      const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
      logger.error('bulk chunk failed', {
        messageId: record.messageId,
        receives,
        errorName: (e as Error).name,
      });
      // Its last delivery: counted as dead now (the upload can end); the message still fails, to reach the DLQ.
      if (chunk && receives >= maxReceives) await buryChunk(chunk, deps).catch(() => undefined);
      failed = true;
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
