import { GetQueueUrlCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { sqs } from './aws.js';
import { containerState } from './container.js';

/**
 * Sending to the work queues: SendMessageBatch with at most 10 entries and at most ~240 KB per request,
 * entries that fail are sent again. FIFO queues get a MessageGroupId (order) and a deduplication id (a
 * re-sent message within 5 minutes is dropped by SQS; later ones are made harmless by the consumers).
 */
export interface OutMessage {
  body: string;
  groupId?: string;
  dedupId?: string;
}

const knownUrls = containerState(() => new Map<string, Promise<string>>());
/**
 * A queue's URL from its variable: the stack sets the URL itself (used as it is: no request); the local
 * runtime sets the queue's name, resolved once with GetQueueUrl.
 */
export function queueUrlOf(name: string): Promise<string> {
  if (/^https?:\/\//.test(name)) return Promise.resolve(name);
  const urls = knownUrls();
  let u = urls.get(name);
  if (!u) {
    u = sqs()
      .send(new GetQueueUrlCommand({ QueueName: name }))
      .then((r) => r.QueueUrl!);
    u.catch(() => urls.delete(name));
    urls.set(name, u);
  }
  return u;
}

const maxRequestBytes = 240 * 1024;

export async function sendMessages(queueName: string, messages: OutMessage[]): Promise<void> {
  const url = await queueUrlOf(queueName);
  let batch: OutMessage[] = [];
  let bytes = 0;
  const flush = async () => {
    if (!batch.length) return;
    let pending = batch.map((m, i) => ({ m, id: String(i) }));
    batch = [];
    bytes = 0;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 6) throw new Error('SendMessageBatch kept failing');
      const r = await sqs().send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: pending.map(({ m, id }) => ({
            Id: id,
            MessageBody: m.body,
            ...(m.groupId ? { MessageGroupId: m.groupId } : {}),
            ...(m.dedupId ? { MessageDeduplicationId: m.dedupId } : {}),
          })),
        }),
      );
      const failed = new Set((r.Failed ?? []).map((f) => f.Id));
      pending = pending.filter((p) => failed.has(p.id));
      if (pending.length) await new Promise((res) => setTimeout(res, 50 * 2 ** attempt));
    }
  };
  for (const m of messages) {
    const size = Buffer.byteLength(m.body);
    // One message per group in a request: a failed entry is re-sent before the group's next message.
    const sameGroup = m.groupId !== undefined && batch.some((b) => b.groupId === m.groupId);
    if (batch.length === 10 || sameGroup || (batch.length && bytes + size > maxRequestBytes)) await flush();
    batch.push(m);
    bytes += size;
  }
  await flush();
}
