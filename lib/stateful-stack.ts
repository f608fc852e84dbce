import { Aws, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Alias, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CorsRule,
  EventType,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  type BucketSpec,
  buckets,
  dlqName,
  type KeyAttribute,
  physicalName,
  type QueueSpec,
  queueName,
  queues,
  type KeySpec as RegistryKeySpec,
  registryKeys,
  type TableSpec,
  tables,
} from '../functions/specs/resources.js';

export interface StatefulStackProps extends StackProps {
  stage: string;
}

export interface RegistryQueue {
  spec: QueueSpec;
  queue: Queue;
  deadLetterQueue: Queue;
  alarm: Alarm;
}

export interface RegistryKey {
  spec: RegistryKeySpec;
  key: Key;
  alias: Alias;
}

/**
 * Bucket names are global: the stage's physical name plus account and region. Deterministic, so the stateless
 * stack scopes object permissions by name (`pseudo` lets cdk-nag finding ids be written the same way).
 */
export function bucketName(
  stage: string,
  id: string,
  pseudo: { account: string; region: string } = { account: Aws.ACCOUNT_ID, region: Aws.REGION },
): string {
  return `${physicalName(stage, id)}-${pseudo.account}-${pseudo.region}`;
}

const attribute = (a: KeyAttribute) => ({
  name: a.name,
  type: { S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY }[a.type],
});

/**
 * The registry's data: DynamoDB tables, S3 buckets, SQS queues (each with a dead-letter queue and an alarm)
 * and the registry-wide KMS keys, all built from functions/specs/resources.ts. Everything that holds data is retained
 * when the stack is deleted. The stateless stack receives these through the public maps, keyed by the `id`
 * of each spec.
 */
export class StatefulStack extends Stack {
  readonly stage: string;
  readonly tables = new Map<string, { spec: TableSpec; table: Table }>();
  readonly buckets = new Map<string, { spec: BucketSpec; bucket: Bucket }>();
  readonly queues = new Map<string, RegistryQueue>();
  readonly keys = new Map<string, RegistryKey>();
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.stage = props.stage;

    for (const spec of registryKeys) this.keys.set(spec.id, this.registryKey(spec));
    for (const spec of tables) this.tables.set(spec.id, { spec, table: this.table(spec) });
    for (const spec of queues) this.queues.set(spec.id, this.queue(spec));

    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED, // S3 server access log delivery supports SSE-S3 only
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the server access log target of the other buckets; logging it into itself would loop.',
    });

    for (const spec of buckets) this.buckets.set(spec.id, { spec, bucket: this.bucket(spec) });

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'Only the CDK-provided BucketNotificationsHandler (custom resource that installs the S3 → SQS notification) uses a managed policy; its role is created by aws-cdk-lib.',
    });
  }

  private registryKey(spec: RegistryKeySpec): RegistryKey {
    const symmetric = spec.keySpec === 'SYMMETRIC_DEFAULT';
    const key = new Key(this, spec.id, {
      description: `İYS ${this.stage}: ${spec.purpose}`,
      keySpec: KeySpec[spec.keySpec],
      keyUsage: KeyUsage[spec.keyUsage],
      // Automatic rotation exists for symmetric keys only; asymmetric key material never rotates in KMS.
      enableKeyRotation: symmetric,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const alias = new Alias(this, `${spec.id}Alias`, {
      aliasName: spec.alias,
      targetKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    return { spec, key, alias };
  }

  private table(spec: TableSpec): Table {
    const table = new Table(this, spec.id, {
      tableName: physicalName(this.stage, spec.id),
      partitionKey: attribute(spec.partitionKey),
      ...(spec.sortKey ? { sortKey: attribute(spec.sortKey) } : {}),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      ...(spec.timeToLive ? { timeToLiveAttribute: spec.timeToLive } : {}),
      ...(spec.stream ? { stream: StreamViewType[spec.stream] } : {}),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of spec.globalIndexes ?? []) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
        projectionType: index.projection === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY,
      });
    }
    return table;
  }

  private queue(spec: QueueSpec): RegistryQueue {
    const fifo = spec.fifo ? { fifo: true } : {};
    const deadLetterQueue = new Queue(this, `${spec.id}Dlq`, {
      queueName: dlqName(this.stage, spec.id),
      ...fifo, // a FIFO queue's DLQ must be FIFO too
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const queue = new Queue(this, spec.id, {
      queueName: queueName(this.stage, spec.id),
      // FIFO producers set MessageGroupId and MessageDeduplicationId (functions/adapters/queues.ts).
      ...fifo,
      // SQS-managed SSE: S3 event notifications can be delivered to it without a key policy for S3.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const alarm = new Alarm(this, `${spec.id}DlqAlarm`, {
      alarmDescription: `İYS ${this.stage}: messages of ${spec.id} failed ${spec.maxReceiveCount} times and wait in ${dlqName(this.stage, spec.id)}`,
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return { spec, queue, deadLetterQueue, alarm };
  }

  private bucket(spec: BucketSpec): Bucket {
    const bucket = new Bucket(this, spec.id, {
      bucketName: bucketName(this.stage, spec.id),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: `${spec.id.toLowerCase()}/`,
      lifecycleRules: [
        ...(spec.expiry ?? []).map((e) => ({
          id: `expire-${e.prefix.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}`,
          prefix: e.prefix,
          expiration: Duration.days(e.days),
          // Versioned: expiry leaves a delete marker, so the old version must expire too.
          noncurrentVersionExpiration: Duration.days(1),
          expiredObjectDeleteMarker: false,
        })),
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
      // Presigned URLs are the credential (no cookies), so any origin may use one it was given.
      ...(spec.browser ? { cors: [browserCors(spec.browser.methods)] } : {}),
    });
    if (spec.notify) {
      const target = this.queues.get(spec.notify.queue);
      if (!target) throw new Error(`bucket ${spec.id} notifies unknown queue ${spec.notify.queue}`);
      bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(target.queue), {
        prefix: spec.notify.prefix,
      });
    }
    return bucket;
  }
}

/** CORS for a browser's use of presigned URLs (the console's bulk uploads and reports). */
function browserCors(methods: ('PUT' | 'GET')[]): CorsRule {
  return {
    allowedMethods: methods.map((m) => HttpMethods[m]),
    allowedOrigins: ['*'],
    allowedHeaders: ['content-type'],
    maxAge: 3600,
  };
}
