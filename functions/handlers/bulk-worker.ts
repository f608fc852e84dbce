import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../adapters/logger.js';
import { metric, observed } from '../adapters/observability.js';
import { applyChunk, buryChunk, type Chunk, parseChunk } from '../app/bulk.js';
import { queues } from '../specs/resources.js';
import { awsBulkDeps } from '../wiring/bulk.js';

/**
 * BulkChunks FIFO queue → one chunk of a bulk file is applied and counted once. Powertools' FIFO processor
 * stops at a failing chunk and reports it and the rest of the batch (to keep the group's order); on its last
 * delivery a failing chunk is counted as dead, so the upload ends FAILED (X068) while the message goes to
 * the DLQ.
 */
const maxReceives = queues.find((q) => q.id === 'BulkChunks')!.maxReceiveCount;
const processor = new SqsFifoPartialProcessorAsync();
/** The composition root: the bulk pipeline and its AWS ports, built once per cold start. */
const deps = awsBulkDeps();

export const handler = observed((event: SQSEvent, context) => {
  const chunkOf = async (record: SQSRecord): Promise<void> => {
    let chunk: Chunk | undefined;
    const started = Date.now();
    try {
      chunk = parseChunk(record.body);
      const r = await applyChunk(chunk, deps);
      metric.bulkChunk(chunk.rows.length, Date.now() - started);
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
      throw e;
    }
  };
  return processPartialResponse(event, chunkOf, processor, { context, throwOnFullBatchFailure: false });
});
