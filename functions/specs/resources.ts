/**
 * The registry's stateful resources, described once. The CDK stateful stack (lib/stateful-stack.ts) and the
 * local bootstrap (bin/local/bootstrap.ts) both build from this description, and handlers find each
 * resource through the environment variable named here. Plain data: no CDK or SDK imports.
 */

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N' | 'B';
}

export interface TableSpec {
  id: string;
  env: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  timeToLive?: string;
  globalIndexes?: {
    name: string;
    partitionKey: KeyAttribute;
    sortKey?: KeyAttribute;
    projection: 'ALL' | 'KEYS_ONLY';
  }[];
  stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
  /** The variable that carries the table stream's ARN to the functions that read the stream themselves. */
  streamEnv?: string;
  /**
   * The Lambda fed by the stream (event source mapping: batch size, batching window, and a filter on the new
   * image's `kind` so only those items invoke it). The local stream poller uses the same settings.
   */
  streamConsumer?: {
    module: string;
    export: string;
    batchSize: number;
    maxBatchingWindowSeconds: number;
    kinds: string[];
  };
  purpose: string;
}

/** Scheduled jobs (EventBridge Scheduler in AWS; bin/local/scheduler.ts locally). */
export interface ScheduleSpec {
  id: string;
  module: string;
  /** EventBridge Scheduler expression. */
  expression: string;
  timeZone: string;
  memorySize: number;
  timeoutSeconds: number;
  /** The event the schedule sends (default `{}`). */
  input?: Record<string, unknown>;
  purpose: string;
}

export const schedules: ScheduleSpec[] = [
  {
    id: 'Seal',
    module: 'seal-job',
    // Scheduler's finest rate is one minute; the local runtime keeps it (IYS_SEAL_INTERVAL_SECONDS changes it).
    expression: 'rate(1 minute)',
    timeZone: 'Europe/Istanbul',
    memorySize: 1024,
    timeoutSeconds: 300,
    purpose: 'Checkpoints every provider log with new leaves: signs and time-stamps the checkpoint.',
  },
  {
    id: 'Watermark',
    module: 'watermark-job',
    // A minute's invocation advances the change feed's watermark every 5 s (Scheduler's finest rate is one
    // minute); locally every IYS_WATERMARK_INTERVAL_SECONDS (default 1) with one tick per run.
    expression: 'rate(1 minute)',
    timeZone: 'Europe/Istanbul',
    memorySize: 512,
    timeoutSeconds: 90,
    input: { ticks: 12, everySeconds: 5 },
    purpose:
      'Advances the change feed watermark: the second up to which every movement is written (history, feed, evidence log).',
  },
  {
    id: 'Daily',
    module: 'daily-job',
    expression: 'cron(15 0 * * ? *)',
    timeZone: 'Europe/Istanbul',
    memorySize: 2048,
    timeoutSeconds: 900,
    purpose:
      "The day before's CSV and its approvals and rejections lists per brand, hashed, signed and time-stamped.",
  },
];

export interface BucketSpec {
  id: string;
  env: string;
  /** Days after which objects under a prefix expire. */
  expiry?: { prefix: string; days: number }[];
  /** S3 → SQS notifications for created objects. */
  notify?: { queue: string; prefix: string };
  /**
   * Methods a browser may use on presigned URLs of this bucket (CORS): the console uploads bulk files and
   * reads their reports directly (docs/web.md).
   */
  browser?: { methods: ('PUT' | 'GET')[] };
  purpose: string;
}

export interface QueueSpec {
  id: string;
  env: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  /** Lambda event source mapping settings, used by the CDK and by the local poller alike. */
  batchSize: number;
  maxBatchingWindowSeconds?: number;
  /** The handler module (functions/handlers/...) and export that consumes the queue. */
  consumer?: { module: string; export: string };
  /** V8 flags for the consumer (added to NODE_OPTIONS); the bulk benchmark measures the worker with them. */
  nodeOptions?: string;
  /** FIFO queue (name ends in .fifo, its DLQ too): messages of one MessageGroupId are handled in order. */
  fifo?: boolean;
  purpose: string;
}

export interface KeySpec {
  id: string;
  alias: string;
  keySpec: 'SYMMETRIC_DEFAULT' | 'ECC_NIST_P256';
  keyUsage: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY';
  env: string;
  purpose: string;
}

export const tables: TableSpec[] = [
  {
    id: 'Consents',
    env: 'IYS_TABLE_CONSENTS',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    timeToLive: 'expiresAt',
    stream: 'NEW_AND_OLD_IMAGES',
    streamEnv: 'IYS_STREAM_CONSENTS',
    streamConsumer: {
      module: 'consents-stream',
      export: 'handler',
      batchSize: 1000,
      maxBatchingWindowSeconds: 1,
      kinds: ['STATE', 'RINDEX'],
    },
    purpose:
      'Consent state, movements (history and change feed, time-bucketed), the registry-wide recipient index and batch results. No key holds an address: see docs/data-model.md.',
  },
  {
    id: 'Registry',
    env: 'IYS_TABLE_REGISTRY',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    timeToLive: 'expiresAt',
    globalIndexes: [
      {
        name: 'byKind',
        partitionKey: { name: 'kind', type: 'S' },
        sortKey: { name: 'sk', type: 'S' },
        projection: 'ALL',
      },
    ],
    purpose:
      'Providers, brands, users, integrators and grants, refresh tokens, rate-limit counters, uploads.',
  },
  {
    id: 'Evidence',
    env: 'IYS_TABLE_EVIDENCE',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    purpose:
      'Per-provider Merkle logs (leaf chunks, transaction index, stored subtree hashes, signed checkpoints), certificates, daily-file manifests and agreements: see docs/evidence.md.',
  },
];

export const queues: QueueSpec[] = [
  {
    id: 'BatchConsents',
    env: 'IYS_QUEUE_BATCH',
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    batchSize: 5,
    consumer: { module: 'batch-worker', export: 'handler' },
    purpose: 'İYS async batches (addBatchConsent): one message per accepted batch slice.',
  },
  {
    id: 'BulkUploads',
    env: 'IYS_QUEUE_UPLOADS',
    visibilityTimeoutSeconds: 900,
    maxReceiveCount: 3,
    batchSize: 1,
    consumer: { module: 'bulk-splitter', export: 'handler' },
    purpose: 'S3 ObjectCreated events for bulk files.',
  },
  {
    id: 'BulkChunks',
    env: 'IYS_QUEUE_CHUNKS',
    visibilityTimeoutSeconds: 300,
    maxReceiveCount: 5,
    batchSize: 1,
    consumer: { module: 'bulk-worker', export: 'handler' },
    // A chunk allocates ~10 KB per row, most of it short-lived: a 64 MB young generation (default 16) lets
    // the scavenger run less often over a chunk's live rows (docs/benchmarks.md).
    nodeOptions: '--max-semi-space-size=64',
    // FIFO: a file's rows are routed to partitions by consent key; one partition is one message group, so
    // rows of the same consent are applied in file order (docs/bulk.md).
    fifo: true,
    purpose: 'Chunks of a bulk file, applied by workers (message group = upload partition).',
  },
  {
    id: 'Push',
    env: 'IYS_QUEUE_PUSH',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 8,
    batchSize: 10,
    consumer: { module: 'push-worker', export: 'handler' },
    purpose: 'Push deliveries of IYS_* movements to providers.',
  },
];

export const buckets: BucketSpec[] = [
  {
    id: 'Uploads',
    env: 'IYS_BUCKET_UPLOADS',
    // applications/: documents of provider applications, kept at most 10 years (docs/onboarding.md).
    expiry: [
      { prefix: 'uploads/', days: 7 },
      { prefix: 'applications/', days: 3650 },
    ],
    notify: { queue: 'BulkUploads', prefix: 'uploads/' },
    browser: { methods: ['PUT'] },
    purpose: 'Bulk consent files and application documents uploaded through presigned URLs.',
  },
  {
    id: 'Reports',
    env: 'IYS_BUCKET_REPORTS',
    expiry: [{ prefix: 'upload-reports/', days: 60 }],
    browser: { methods: ['GET'] },
    purpose: 'Bulk error reports, daily files and lists with their signatures and time stamps.',
  },
];

/** Registry-wide keys. Each provider's own keys are created by the provider onboarding use case. */
export const registryKeys: KeySpec[] = [
  {
    id: 'RegistryKey',
    alias: 'alias/iys/registry',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    env: 'IYS_KEY_REGISTRY',
    purpose: 'Wraps registry-wide secrets: the recipient blind-index key.',
  },
  {
    id: 'TokenSigningKey',
    alias: 'alias/iys/token-signing',
    keySpec: 'ECC_NIST_P256',
    keyUsage: 'SIGN_VERIFY',
    env: 'IYS_KEY_TOKEN_SIGNING',
    purpose: 'Signs access and refresh tokens (ES256); the authorizer verifies with the cached public key.',
  },
  {
    id: 'RootCaKey',
    alias: 'alias/iys/root-ca',
    keySpec: 'ECC_NIST_P256',
    keyUsage: 'SIGN_VERIFY',
    env: 'IYS_KEY_ROOT_CA',
    purpose: 'Registry root certificate authority.',
  },
  {
    id: 'TsaKey',
    alias: 'alias/iys/tsa',
    keySpec: 'ECC_NIST_P256',
    keyUsage: 'SIGN_VERIFY',
    env: 'IYS_KEY_TSA',
    purpose: 'RFC 3161 time-stamping authority.',
  },
];

/** Per-provider key aliases (created by onboarding, not by the stack). */
export const providerKeyAliases = {
  data: (iysCode: number) => `alias/iys/sp/${iysCode}`,
  signing: (iysCode: number) => `alias/iys/sp/${iysCode}/signing`,
};

/** Physical names for a stage (the local runtime uses stage "local"). */
export function physicalName(stage: string, id: string): string {
  return `iys-${stage}-${id.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}`;
}

export function dlqName(stage: string, queueId: string): string {
  const fifo = queues.find((q) => q.id === queueId)?.fifo;
  return `${physicalName(stage, queueId)}-dlq${fifo ? '.fifo' : ''}`;
}

/** A queue's name: its physical name, with the `.fifo` suffix SQS requires for FIFO queues. */
export function queueName(stage: string, queueId: string): string {
  const fifo = queues.find((q) => q.id === queueId)?.fifo;
  return `${physicalName(stage, queueId)}${fifo ? '.fifo' : ''}`;
}

/** The environment every function gets: resource env var → physical name or alias. */
export function resourceEnvironment(stage: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const t of tables) env[t.env] = physicalName(stage, t.id);
  for (const b of buckets) env[b.env] = physicalName(stage, b.id);
  for (const q of queues) env[q.env] = queueName(stage, q.id);
  for (const k of registryKeys) env[k.env] = k.alias;
  return env;
}
