import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { sqs } from '../../functions/adapters/aws.js';
import { type QueueSpec, queues } from '../../functions/specs/resources.js';

/**
 * The local stand-in for Lambda's SQS event source mapping: receives up to the spec's batch size, calls the
 * consumer handler, deletes what succeeded, and leaves the items reported in `batchItemFailures` (or the
 * whole batch when the handler throws) to come back; the queue's redrive policy moves a message to its DLQ
 * after maxReceiveCount receives, as in AWS. Locally a failed message is made visible again after
 * IYS_LOCAL_RETRY_SECONDS (default 1) instead of the full visibility timeout, to keep the loop quick.
 */
type QueueHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface QueuePoller {
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const handlersDir = join(import.meta.dirname, '../../functions/handlers');

export async function startQueuePollers(stage: string, specs: QueueSpec[] = queues): Promise<QueuePoller> {
  const { queueName } = await import('../../functions/specs/resources.js');
  const retrySeconds = Number(process.env.IYS_LOCAL_RETRY_SECONDS ?? 1);
  let stopped = false;
  // Stopping ends the pollers' long polls at once instead of waiting out their second.
  const abort = new AbortController();
  const workers: { url: string; spec: QueueSpec; handler: QueueHandler; inFlight: number }[] = [];
  for (const spec of specs) {
    if (!spec.consumer) continue;
    const file = join(handlersDir, `${spec.consumer.module}.ts`);
    if (!existsSync(file)) continue; // consumer not built yet
    const mod = await import(/* @vite-ignore */ pathToFileURL(file).href);
    const url = (await sqs().send(new GetQueueUrlCommand({ QueueName: queueName(stage, spec.id) })))
      .QueueUrl!;
    workers.push({ url, spec, handler: mod[spec.consumer.export] as QueueHandler, inFlight: 0 });
  }

  async function once(w: (typeof workers)[number]): Promise<number> {
    const r = await sqs().send(
      new ReceiveMessageCommand({
        QueueUrl: w.url,
        MaxNumberOfMessages: Math.min(10, w.spec.batchSize),
        // Long polling, as Lambda's pollers do: an idle queue costs one request a second, not five.
        WaitTimeSeconds: 1,
        VisibilityTimeout: w.spec.visibilityTimeoutSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    const messages = r.Messages ?? [];
    if (!messages.length) return 0;
    w.inFlight++;
    try {
      const event: SQSEvent = {
        Records: messages.map((m) => ({
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          body: m.Body ?? '',
          attributes: (m.Attributes ?? {}) as never,
          messageAttributes: (m.MessageAttributes ?? {}) as never,
          md5OfBody: m.MD5OfBody ?? '',
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:local:000000000000:${w.spec.id}`,
          awsRegion: process.env.AWS_REGION ?? 'eu-central-1',
        })),
      };
      let failed = new Set<string>();
      try {
        const res = await w.handler(event);
        failed = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (e) {
        process.stderr.write(
          `queue ${w.spec.id}: handler failed (${(e as Error).name}); the batch returns\n`,
        );
        failed = new Set(messages.map((m) => m.MessageId!));
      }
      const done = messages.filter((m) => !failed.has(m.MessageId!));
      if (done.length) {
        await sqs().send(
          new DeleteMessageBatchCommand({
            QueueUrl: w.url,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
      const back = messages.filter((m) => failed.has(m.MessageId!));
      if (back.length) {
        await sqs().send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: w.url,
            Entries: back.map((m, i) => ({
              Id: String(i),
              ReceiptHandle: m.ReceiptHandle!,
              VisibilityTimeout: retrySeconds,
            })),
          }),
        );
      }
      return messages.length;
    } finally {
      w.inFlight--;
    }
  }

  const loops = workers.map(async (w) => {
    while (!stopped) {
      try {
        await once(w);
      } catch (e) {
        if (stopped) break;
        process.stderr.write(`queue ${w.spec.id}: ${(e as Error).name}\n`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });

  async function pending(w: (typeof workers)[number]): Promise<number> {
    const a = await sqs().send(
      new GetQueueAttributesCommand({
        QueueUrl: w.url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(a.Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) +
      w.inFlight
    );
  }

  return {
    async drain() {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        const counts = await Promise.all(workers.map(pending));
        if (counts.every((c) => c === 0)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('queues did not drain within 120 s');
    },
    async stop() {
      stopped = true;
      abort.abort();
      await Promise.all(loops);
    },
  };
}
