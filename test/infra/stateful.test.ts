import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buckets,
  dlqName,
  physicalName,
  queueName,
  queues,
  registryKeys,
  tables,
} from '../../functions/specs/resources.js';
import type { StatefulStack } from '../../lib/stateful-stack.js';
import { testApp } from './helpers.js';

describe('stateful stack', () => {
  let template: Template;
  let stack: StatefulStack;
  beforeAll(() => {
    stack = testApp({ 'iys:stage': 'test' }).stateful;
    template = Template.fromStack(stack);
  }, 120_000);

  it('builds every table of functions/specs/resources.ts on demand, with PITR, deletion protection, SSE, TTL and GSIs', () => {
    for (const t of tables) {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          TableName: physicalName('test', t.id),
          BillingMode: 'PAY_PER_REQUEST',
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { SSEEnabled: true },
          ...(t.timeToLive
            ? { TimeToLiveSpecification: { AttributeName: t.timeToLive, Enabled: true } }
            : {}),
          ...(t.globalIndexes?.length
            ? {
                GlobalSecondaryIndexes: t.globalIndexes.map((g) =>
                  Match.objectLike({ IndexName: g.name, Projection: { ProjectionType: g.projection } }),
                ),
              }
            : {}),
        }),
      });
    }
    expect(Object.keys(template.findResources('AWS::DynamoDB::Table'))).toHaveLength(tables.length);
  });

  it('blocks public access to every bucket and denies requests without TLS', () => {
    const all = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(all)).toHaveLength(buckets.length + 1); // + the server access log bucket
    for (const [id, bucket] of Object.entries(all) as [
      string,
      { DeletionPolicy: string; Properties: Record<string, unknown> },
    ][]) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption).toBeDefined();
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('versions data buckets, logs their access and expires objects per the spec', () => {
    for (const b of buckets) {
      template.hasResourceProperties('AWS::S3::Bucket', {
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: `${b.id.toLowerCase()}/` }),
        LifecycleConfiguration: {
          Rules: Match.arrayWith(
            (b.expiry ?? []).map((e) =>
              Match.objectLike({ Prefix: e.prefix, ExpirationInDays: e.days, Status: 'Enabled' }),
            ),
          ),
        },
      });
    }
  });

  it('lets browsers use presigned URLs (CORS) only on the buckets the console uses, with only their methods', () => {
    const withCors = Object.values(template.findResources('AWS::S3::Bucket')).filter(
      (b) => (b as { Properties: Record<string, unknown> }).Properties.CorsConfiguration,
    );
    expect(withCors).toHaveLength(buckets.filter((b) => b.browser).length);
    expect(buckets.find((b) => b.id === 'Uploads')?.browser?.methods).toEqual(['PUT']);
    expect(buckets.find((b) => b.id === 'Reports')?.browser?.methods).toEqual(['GET']);
    for (const b of buckets.filter((x) => x.browser))
      template.hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: `${b.id.toLowerCase()}/` }),
        CorsConfiguration: {
          CorsRules: [
            Match.objectLike({ AllowedMethods: b.browser!.methods, AllowedHeaders: ['content-type'] }),
          ],
        },
      });
  });

  it('gives every queue a DLQ with the spec maxReceiveCount, SSE, TLS-only and an alarm on the DLQ', () => {
    for (const q of queues) {
      const { queue, deadLetterQueue } = stack.queues.get(q.id)!;
      const dlqId = stack.getLogicalId(deadLetterQueue.node.defaultChild as never);
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: queueName('test', q.id),
        ...(q.fifo ? { FifoQueue: true } : {}),
        SqsManagedSseEnabled: true,
        VisibilityTimeout: q.visibilityTimeoutSeconds,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
          maxReceiveCount: q.maxReceiveCount,
        },
      });
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: dlqName('test', q.id),
        SqsManagedSseEnabled: true,
      });
      for (const target of [queue, deadLetterQueue]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: stack.getLogicalId(target.node.defaultChild as never) }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      });
    }
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(queues.length);
  });

  it('sends S3 ObjectCreated events of notifying buckets to their queue', () => {
    for (const b of buckets.filter((x) => x.notify)) {
      const queueId = stack.getLogicalId(stack.queues.get(b.notify!.queue)!.queue.node.defaultChild as never);
      template.hasResourceProperties('Custom::S3BucketNotifications', {
        NotificationConfiguration: {
          QueueConfigurations: [
            Match.objectLike({
              Events: ['s3:ObjectCreated:*'],
              QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: b.notify!.prefix }] } },
            }),
          ],
        },
      });
    }
  });

  it('creates the registry keys with explicit KeySpec/KeyUsage, rotation for symmetric ones, and their aliases', () => {
    for (const k of registryKeys) {
      template.hasResource('AWS::KMS::Key', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          KeySpec: k.keySpec,
          KeyUsage: k.keyUsage,
          ...(k.keySpec === 'SYMMETRIC_DEFAULT' ? { EnableKeyRotation: true } : {}),
        }),
      });
      template.hasResourceProperties('AWS::KMS::Alias', { AliasName: k.alias });
    }
    const keys = Object.values(template.findResources('AWS::KMS::Key')) as {
      Properties: Record<string, unknown>;
    }[];
    expect(keys).toHaveLength(registryKeys.length);
    for (const key of keys) {
      expect(key.Properties.KeySpec).toBeDefined();
      expect(key.Properties.KeyUsage).toBeDefined();
      if (key.Properties.KeySpec !== 'SYMMETRIC_DEFAULT')
        expect(key.Properties.EnableKeyRotation).not.toBe(true);
    }
  });
});
