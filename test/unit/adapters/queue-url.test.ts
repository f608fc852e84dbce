import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { newContainer } from '../../../functions/adapters/container.js';
import { queueUrlOf } from '../../../functions/adapters/queues.js';

/** The stack sets a queue's variable to its URL; the local runtime to its name. Both must work. */
describe('queue URLs', () => {
  const sqs = mockClient(SQSClient);
  afterAll(() => sqs.restore());

  it('uses a URL as it is, without asking SQS', async () => {
    sqs.reset();
    const url = 'https://sqs.eu-central-1.amazonaws.com/123456789012/iys-prod-Push';
    expect(await queueUrlOf(url)).toBe(url);
    expect(sqs.commandCalls(GetQueueUrlCommand)).toHaveLength(0);
  });

  it('resolves a name once with GetQueueUrl', async () => {
    sqs.reset();
    newContainer();
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: 'http://127.0.0.1:5000/123456789012/iys-local-Push' });
    expect(await queueUrlOf('iys-local-Push')).toBe('http://127.0.0.1:5000/123456789012/iys-local-Push');
    expect(await queueUrlOf('iys-local-Push')).toBe('http://127.0.0.1:5000/123456789012/iys-local-Push');
    expect(sqs.commandCalls(GetQueueUrlCommand).map((c) => c.args[0].input.QueueName)).toEqual([
      'iys-local-Push',
    ]);
  });
});
