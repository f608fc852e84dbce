import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../adapters/logger.js';
import { observed } from '../adapters/observability.js';
import type { BatchSlice } from '../app/batches.js';
import { queues } from '../specs/resources.js';
import { awsBatchWorker } from '../wiring/batch-worker.js';

/**
 * BatchConsents queue → the items of one batch slice are recorded with the consent use case. Failures are
 * reported per message (Powertools' batch processing: only those come back); on its last delivery a failing
 * slice's items become `failure` H470, and the message goes to the DLQ.
 */
const maxReceives = queues.find((q) => q.id === 'BatchConsents')!.maxReceiveCount;
const processor = new BatchProcessor(EventType.SQS);
/** The composition root: the batch worker and its AWS ports, built once per cold start. */
const batches = awsBatchWorker();

async function slice(record: SQSRecord): Promise<void> {
  let slice: BatchSlice | undefined;
  try {
    slice = JSON.parse(record.body) as BatchSlice;
    const results = await batches.processSlice(slice);
    logger.info('batch slice', {
      requestId: slice.requestId,
      items: results.length,
      failures: results.filter((r) => r.status === 'failure').length,
    });
  } catch (e) {
    const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    logger.error('batch slice failed', {
      messageId: record.messageId,
      receives,
      errorName: (e as Error).name,
    });
    if (slice && receives >= maxReceives) await batches.burySlice(slice).catch(() => undefined);
    throw e;
  }
}

export const handler = observed((event: SQSEvent, context) =>
  processPartialResponse(event, slice, processor, {
    context,
    processInParallel: false,
    throwOnFullBatchFailure: false,
  }),
);
