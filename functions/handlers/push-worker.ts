import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { observed } from '../adapters/observability.js';
import { awsPush } from '../wiring/push.js';

/**
 * The Push queue consumer (functions/specs/resources.ts: queue Push, partial batch failures): one delivery
 * per message, one after the other (a receiver gets one request at a time from us); a failed one comes back.
 */
const processor = new BatchProcessor(EventType.SQS);
/** The composition root: the push use cases and their AWS ports, built once per cold start. */
const push = awsPush();

const deliver = (r: SQSRecord) =>
  push.deliverMessage({
    messageId: r.messageId,
    body: r.body,
    receiptHandle: r.receiptHandle,
    attempt: Number(r.attributes?.ApproximateReceiveCount ?? 1),
  });

export const handler = observed((event: SQSEvent, context) =>
  processPartialResponse(event, deliver, processor, {
    context,
    processInParallel: false,
    throwOnFullBatchFailure: false,
  }),
);
