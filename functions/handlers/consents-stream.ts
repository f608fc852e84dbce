import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { StateItem } from '../adapters/consent-store.js';
import { logger } from '../adapters/logger.js';
import { observed } from '../adapters/observability.js';
import { movementRecorder } from '../app/movements.js';
import { awsLogAppender } from '../wiring/evidence-log.js';
import { awsMovementPorts } from '../wiring/movements.js';
import { awsPush } from '../wiring/push.js';

/**
 * The Consents table's stream → movements, feed activity, day markers, brand statistics, the evidence log
 * and push. The composition root of this Lambda: the recorder and its consumers are built once per cold
 * start, in the order they run (every movement becomes a leaf of its provider's Merkle log, docs/evidence.md;
 * IYS_* movements of brands with a push connection become deliveries on the Push queue). A failure throws, so
 * the whole batch is delivered again; every step is idempotent.
 */
const evidenceLog = awsLogAppender();
const push = awsPush();
const recorder = movementRecorder(
  awsMovementPorts([
    async (movements) => {
      await evidenceLog.appendMovements(movements);
    },
    (movements) => push.enqueueMovements(movements),
  ]),
);

const image = (i: Record<string, unknown> | undefined) =>
  i ? (unmarshall(i as Record<string, AttributeValue>) as StateItem) : undefined;

export const handler = observed(async (event: DynamoDBStreamEvent): Promise<void> => {
  const records = event.Records.filter((r) => r.eventName !== 'REMOVE');
  if (!records.length) return;
  const changes = records.map((r) => ({
    oldState: image(r.dynamodb?.OldImage as Record<string, unknown> | undefined),
    newState: image(r.dynamodb?.NewImage as Record<string, unknown> | undefined),
  }));
  const batchId = event.Records[0]!.dynamodb?.SequenceNumber ?? event.Records[0]!.eventID ?? 'batch';
  const r = await recorder.record(changes, batchId);
  logger.info('stream batch', { records: records.length, movements: r.movements });
});
