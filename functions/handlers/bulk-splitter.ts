import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../adapters/logger.js';
import { observed } from '../adapters/observability.js';
import { awsUploadStore } from '../adapters/upload-store.js';
import { parseUploadKey, splitUpload } from '../app/bulk.js';
import { fileFailure } from '../domain/bulk/rows.js';
import { queues } from '../specs/resources.js';
import { awsBulkDeps, awsSplitDeps } from '../wiring/bulk.js';

/**
 * BulkUploads queue (S3 ObjectCreated notifications) → the splitter. Skips S3's test event and keys that
 * are not uploads; S3 keys arrive URL-encoded with '+' for spaces (quote_plus). Duplicate events (a
 * multipart upload gives two under moto) and redeliveries are harmless: the upload's split claim decides.
 * On its last delivery a failing event marks the upload FAILED (X068) before the message goes to the DLQ.
 */
const maxReceives = queues.find((q) => q.id === 'BulkUploads')!.maxReceiveCount;

interface S3Notification {
  Records?: { eventName?: string; s3?: { bucket?: { name?: string }; object?: { key?: string } } }[];
  Event?: string;
}

export function objectsOf(body: string): { bucket: string; key: string }[] {
  let n: S3Notification;
  try {
    n = JSON.parse(body) as S3Notification;
  } catch {
    return [];
  }
  if (n.Event === 's3:TestEvent' || !Array.isArray(n.Records)) return [];
  return n.Records.filter(
    (r) => r.eventName?.startsWith('ObjectCreated') && r.s3?.bucket?.name && r.s3.object?.key,
  ).map((r) => ({
    bucket: r.s3!.bucket!.name!,
    key: decodeURIComponent(r.s3!.object!.key!.replace(/\+/g, ' ')),
  }));
}

const processor = new BatchProcessor(EventType.SQS);
/** The composition root: the bulk pipeline's AWS ports, built once per cold start. */
const bulk = awsBulkDeps();

async function notification(record: SQSRecord): Promise<void> {
  const uploads: string[] = [];
  try {
    for (const o of objectsOf(record.body)) {
      const parsed = parseUploadKey(o.key);
      if (!parsed) continue;
      const u = await awsUploadStore.get(parsed.uploadId);
      if (!u || u.iysCode !== parsed.iysCode || u.brandCode !== parsed.brandCode || u.key !== o.key) continue;
      uploads.push(parsed.uploadId);
      const r = await splitUpload(parsed.uploadId, awsSplitDeps(o.bucket, o.key, bulk));
      logger.info('bulk split', { uploadId: parsed.uploadId, ...r });
    }
  } catch (e) {
    const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    logger.error('bulk split failed', {
      messageId: record.messageId,
      receives,
      errorName: (e as Error).name,
    });
    if (receives >= maxReceives)
      for (const id of uploads)
        await awsUploadStore
          .finish(id, 'FAILED', { reason: fileFailure('X068', 'Dosya bölünemedi.') })
          .catch(() => false);
    throw e;
  }
}

/** One notification after the other: a split streams a whole file and must not share the memory. */
export const handler = observed((event: SQSEvent, context) =>
  processPartialResponse(event, notification, processor, {
    context,
    processInParallel: false,
    throwOnFullBatchFailure: false,
  }),
);
