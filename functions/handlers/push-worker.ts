import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { clock } from '../adapters/clock.js';
import { deliverBatch } from '../app/push.js';

/** The Push queue consumer (functions/specs/resources.ts: queue Push, partial batch failures). */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return deliverBatch(event, () => clock.now());
}
