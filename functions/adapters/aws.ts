import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { containerState } from './container.js';
import { config } from './env.js';
import { metric, tracer } from './observability.js';

/**
 * The one place AWS clients are made. Everything comes from the standard environment
 * (AWS_REGION, AWS_ENDPOINT_URL and its per-service variants, credentials), so the same code talks to
 * moto, LocalStack or AWS. Clients are created once per cold start and reused.
 */
type Middleware = (client: { middlewareStack: { add: (...args: never[]) => void } }) => void;
const instrumenters: Middleware[] = [];

/** Lets the benchmark and tests count requests (an SDK middleware) without touching call sites. */
export function instrumentClients(fn: Middleware): void {
  instrumenters.push(fn);
  // The document client shares the DynamoDB client's middleware stack: instrument base clients only.
  for (const [name, c] of Object.entries(clients())) if (c && name !== 'doc') fn(c as never);
}

function region(): string {
  return config().AWS_REGION ?? config().AWS_DEFAULT_REGION ?? 'eu-central-1';
}

/**
 * The SDK's own endpoint variables: the service-specific one (AWS_ENDPOINT_URL_DYNAMODB,
 * AWS_ENDPOINT_URL_DYNAMODB_STREAMS, …) before the global AWS_ENDPOINT_URL. They are passed explicitly too,
 * so older SDK readers agree and an explicit global endpoint never hides a service-specific one (locally,
 * DynamoDB Local serves DynamoDB and moto the rest).
 */
type Service = 'DYNAMODB' | 'DYNAMODB_STREAMS' | 'KMS' | 'S3' | 'SQS' | 'SNS' | 'SESV2';
export function endpointOf(service: Service): string | undefined {
  return config()[`AWS_ENDPOINT_URL_${service}`] ?? config().AWS_ENDPOINT_URL;
}

function common(service: Service) {
  const endpoint = endpointOf(service);
  return { region: region(), ...(endpoint ? { endpoint } : {}), maxAttempts: 4 };
}

interface Clients {
  ddb?: DynamoDBClient;
  doc?: DynamoDBDocumentClient;
  kms?: KMSClient;
  s3?: S3Client;
  sqs?: SQSClient;
  streams?: DynamoDBStreamsClient;
  sns?: SNSClient;
  ses?: SESv2Client;
}
/** The running system's clients (functions/adapters/container.ts): a new system gets new ones. */
const clients = containerState((): Clients => ({}));

/** Every client is traced (a subsegment per AWS call when tracing is on) and instrumented (tests, bench). */
function made<T>(client: T): T {
  tracer.captureAWSv3Client(client as never);
  for (const fn of instrumenters) fn(client as never);
  return client;
}

/** KMS requests are the one AWS call counted as a metric: the per-batch data-key budget is watched. */
function countedKms(client: KMSClient): KMSClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      metric.kmsRequests((context.commandName ?? 'Command').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'iysKmsMetric' },
  );
  return client;
}

export function dynamo(): DynamoDBClient {
  const cache = clients();
  cache.ddb ??= made(new DynamoDBClient(common('DYNAMODB')));
  return cache.ddb;
}

export function documents(): DynamoDBDocumentClient {
  const cache = clients();
  cache.doc ??= DynamoDBDocumentClient.from(dynamo(), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  return cache.doc;
}

export function kms(): KMSClient {
  const cache = clients();
  cache.kms ??= countedKms(made(new KMSClient(common('KMS'))));
  return cache.kms;
}

export function s3(): S3Client {
  const cache = clients();
  const forced = config().AWS_S3_FORCE_PATH_STYLE;
  const pathStyle = forced ? forced === 'true' : Boolean(endpointOf('S3'));
  // Checksums only when an operation requires one: otherwise a presigned PUT would carry (and sign) the
  // CRC32 of an empty body, and S3 would refuse the real upload.
  cache.s3 ??= made(
    new S3Client({ ...common('S3'), forcePathStyle: pathStyle, requestChecksumCalculation: 'WHEN_REQUIRED' }),
  );
  return cache.s3;
}

export function sqs(): SQSClient {
  const cache = clients();
  cache.sqs ??= made(new SQSClient(common('SQS')));
  return cache.sqs;
}

/** DynamoDB Streams (the local runtime's stream poller; Lambda's event source mapping in AWS). */
export function streams(): DynamoDBStreamsClient {
  const cache = clients();
  cache.streams ??= made(new DynamoDBStreamsClient(common('DYNAMODB_STREAMS')));
  return cache.streams;
}

/** SMS to recipients (the outbox's production transport). */
export function sns(): SNSClient {
  const cache = clients();
  cache.sns ??= made(new SNSClient(common('SNS')));
  return cache.sns;
}

/** E-mail to recipients and applicants (the outbox's production transport). */
export function ses(): SESv2Client {
  const cache = clients();
  cache.ses ??= made(new SESv2Client(common('SESV2')));
  return cache.ses;
}
