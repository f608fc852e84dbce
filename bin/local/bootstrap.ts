import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketCorsCommand,
  PutBucketNotificationConfigurationCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { dynamo, kms, s3, sqs } from '../../functions/adapters/aws.js';
import {
  buckets,
  dlqName,
  physicalName,
  queueName,
  queues,
  registryKeys,
  resourceEnvironment,
  tables,
} from '../../functions/specs/resources.js';

/**
 * Creates the stateful resources in the local AWS from the same description the CDK stateful stack uses
 * (functions/specs/resources.ts). Idempotent: existing resources are kept.
 */
/**
 * `timeToLive: false` leaves the tables' TTL off: DynamoDB Local deletes expired items against the real
 * clock within seconds, so a system whose clock is moved into the past (IYS_NOW, the tests' fixed dates)
 * would see its rate counters, codes and markers vanish at random. The code never relies on TTL deletion
 * (it checks expiresAt itself), so with TTL off nothing changes but the emulator's size.
 */
export async function bootstrap(
  stage: string,
  opts: { timeToLive?: boolean } = {},
): Promise<Record<string, string>> {
  for (const t of tables) {
    const name = physicalName(stage, t.id);
    const attrs = new Map<string, 'S' | 'N' | 'B'>();
    const add = (k?: { name: string; type: 'S' | 'N' | 'B' }) => k && attrs.set(k.name, k.type);
    add(t.partitionKey);
    add(t.sortKey);
    for (const g of t.globalIndexes ?? []) {
      add(g.partitionKey);
      add(g.sortKey);
    }
    try {
      await dynamo().send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [...attrs].map(([AttributeName, AttributeType]) => ({
            AttributeName,
            AttributeType,
          })),
          KeySchema: [
            { AttributeName: t.partitionKey.name, KeyType: 'HASH' },
            ...(t.sortKey ? [{ AttributeName: t.sortKey.name, KeyType: 'RANGE' as const }] : []),
          ],
          ...(t.globalIndexes?.length
            ? {
                GlobalSecondaryIndexes: t.globalIndexes.map((g) => ({
                  IndexName: g.name,
                  KeySchema: [
                    { AttributeName: g.partitionKey.name, KeyType: 'HASH' as const },
                    ...(g.sortKey ? [{ AttributeName: g.sortKey.name, KeyType: 'RANGE' as const }] : []),
                  ],
                  Projection: { ProjectionType: g.projection },
                })),
              }
            : {}),
          ...(t.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: t.stream } } : {}),
        }),
      );
      if (t.timeToLive && opts.timeToLive !== false) {
        await dynamo().send(
          new UpdateTimeToLiveCommand({
            TableName: name,
            TimeToLiveSpecification: { Enabled: true, AttributeName: t.timeToLive },
          }),
        );
      }
    } catch (e) {
      if (!(e instanceof ResourceInUseException) && (e as Error).name !== 'ResourceInUseException') throw e;
    }
  }

  const queueArns = new Map<string, string>();
  for (const q of queues) {
    const dlq = await sqs().send(
      new CreateQueueCommand({
        QueueName: dlqName(stage, q.id),
        Attributes: { MessageRetentionPeriod: '1209600', ...(q.fifo ? { FifoQueue: 'true' } : {}) },
      }),
    );
    const dlqArn = (
      await sqs().send(
        new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes!.QueueArn!;
    const main = await sqs().send(
      new CreateQueueCommand({
        QueueName: queueName(stage, q.id),
        Attributes: {
          ...(q.fifo ? { FifoQueue: 'true' } : {}),
          VisibilityTimeout: String(q.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: q.maxReceiveCount }),
        },
      }),
    );
    const arn = (
      await sqs().send(
        new GetQueueAttributesCommand({ QueueUrl: main.QueueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes!.QueueArn!;
    queueArns.set(q.id, arn);
  }

  for (const b of buckets) {
    const name = physicalName(stage, b.id);
    try {
      await s3().send(new CreateBucketCommand({ Bucket: name }));
    } catch (e) {
      const n = (e as Error).name;
      if (n !== 'BucketAlreadyOwnedByYou' && n !== 'BucketAlreadyExists') throw e;
    }
    await s3().send(
      new PutPublicAccessBlockCommand({
        Bucket: name,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    if (b.browser) {
      // As in AWS (lib/stateful-stack.ts): the console uses presigned URLs of this bucket from the browser.
      await s3().send(
        new PutBucketCorsCommand({
          Bucket: name,
          CORSConfiguration: {
            CORSRules: [
              {
                AllowedMethods: b.browser.methods,
                AllowedOrigins: ['*'],
                AllowedHeaders: ['content-type'],
                MaxAgeSeconds: 3600,
              },
            ],
          },
        }),
      );
    }
    if (b.notify) {
      await s3().send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: name,
          NotificationConfiguration: {
            QueueConfigurations: [
              {
                QueueArn: queueArns.get(b.notify.queue)!,
                Events: ['s3:ObjectCreated:*'],
                Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: b.notify.prefix }] } },
              },
            ],
          },
        }),
      );
    }
  }

  for (const k of registryKeys) {
    try {
      await kms().send(new DescribeKeyCommand({ KeyId: k.alias }));
    } catch {
      const created = await kms().send(
        new CreateKeyCommand({ KeySpec: k.keySpec, KeyUsage: k.keyUsage, Description: k.purpose }),
      );
      await kms().send(
        new CreateAliasCommand({ AliasName: k.alias, TargetKeyId: created.KeyMetadata!.KeyId! }),
      );
    }
  }

  // Stream ARNs exist once the tables do (CDK passes the deployed one to the functions that read it).
  const env = resourceEnvironment(stage);
  for (const t of tables) {
    if (!t.streamEnv) continue;
    const d = await dynamo().send(new DescribeTableCommand({ TableName: physicalName(stage, t.id) }));
    env[t.streamEnv] = d.Table!.LatestStreamArn!;
  }
  return env;
}
