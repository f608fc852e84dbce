import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { deliverBatch } from '../app/push.js';
import { clock } from '../adapters/clock.js';

/** The Push queue consumer (lib/resources.ts: queue Push, partial batch failures). */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return deliverBatch(event, () => clock.now());
}
