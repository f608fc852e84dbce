import { z } from 'zod';
import { buckets, queues, registryKeys, tables } from '../specs/resources.js';

/**
 * The functions' configuration: every environment variable they read is declared here, once, and read only
 * here, validated with zod (test/unit/config checks that no other file under functions/ reads process.env
 * and that the README's table lists every setting an operator may change). Resource names (tables, buckets,
 * queues, keys, the stream) are set by the stack or the local runtime from functions/specs/resources.ts.
 *
 * The environment is parsed once and kept while it stays the same: in Lambda that is once per cold start
 * (a bad value fails the first invocation, with the variable's name); a local system or a test that changes
 * a variable gets it parsed again.
 */
const seconds = (d: number) => z.coerce.number().int().nonnegative().default(d);
/** A request limit: 0 turns it off. */
const limit = (d: number) => z.coerce.number().int().nonnegative().default(d);
const count = (d: number) => z.coerce.number().int().positive().default(d);
const flag = z.enum(['true', 'false']).optional();
const optional = z.string().min(1).optional();

export const settings = {
  IYS_STAGE: { schema: z.string().min(1).default('dev'), doc: 'Stage name (`local` for `npm start`)' },
  IYS_PULL_LAG_SECONDS: {
    schema: seconds(3600),
    doc: 'Change-feed lag (İYS serves movements older than one hour); as low as 5 works: the feed never passes its watermark',
  },
  IYS_SEAL_INTERVAL_SECONDS: {
    // 0 is the local runtime's "seal on demand": the functions then plan with the default cadence.
    schema: seconds(60).transform((v) => v || 60),
    doc: 'The sealer’s cadence (the Seal schedule’s rate; 0 locally: seal on demand)',
  },
  IYS_WATERMARK_MARGIN_SECONDS: {
    schema: seconds(5),
    doc: 'How long after its creation second a movement’s stream record may appear (the watermark’s margin)',
  },
  IYS_TOKEN_LIMIT_PER_HOUR: {
    schema: count(100),
    doc: 'Token requests per client IP per hour (H084 beyond)',
  },
  IYS_RATE_IP_PER_SECOND: {
    schema: limit(10),
    doc: 'Provider-API requests per client IP per second (H124 beyond; İYS: 10; 0: off)',
  },
  IYS_RATE_USER_PER_SECOND: {
    schema: limit(0),
    doc: 'Provider-API requests per API user per second (H124 beyond; İYS publishes none; 0: off)',
  },
  IYS_RATE_STATUS_PER_IP_HOUR: {
    schema: limit(1000),
    doc: 'consentDetail requests per client IP per hour (H086 beyond; İYS: 1000; 0: off)',
  },
  IYS_RATE_HISTORY_PER_IP_HOUR: {
    schema: limit(100),
    doc: 'consentsHistory requests per client IP per hour (H089 beyond; İYS: 100; 0: off)',
  },
  IYS_APPLICATIONS_PER_HOUR: { schema: count(5), doc: 'Onboarding applications per client IP per hour' },
  IYS_MAX_BODY_BYTES: { schema: count(1_048_576), doc: 'Largest accepted JSON body (X001 beyond)' },
  IYS_LOG_LEVEL: {
    schema: z
      .string()
      .transform((v) => v.toUpperCase())
      .pipe(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']))
      .default('INFO'),
    doc: 'Structured JSON logs (never addresses, passwords, keys or tokens)',
  },
  IYS_FEED_SHARDS: { schema: count(4), doc: 'Partitions per brand-hour of the change feed' },
  IYS_DAILY_WAIT_SECONDS: {
    schema: seconds(600),
    doc: 'How long the scheduled daily job waits for its day’s movements to be written',
  },
  IYS_DIRECTORY_TTL_MS: { schema: seconds(60_000), doc: 'Cache time of providers, brands and grants' },
  IYS_TOKEN_STATE_TTL_MS: {
    // At most 30 s: with API Gateway's 30 s authorizer cache a revoked token is refused within 60 s.
    schema: z.coerce.number().int().nonnegative().max(30_000).default(25_000),
    doc: 'Cache time of users’ token states in the authorizer (≤ 30000: a disabled user’s tokens are refused within 60 s)',
  },
  IYS_BULK_CHUNK_ROWS: { schema: count(1000), doc: 'Rows per bulk chunk' },
  IYS_BULK_PARTITIONS: { schema: count(16), doc: 'Most partitions (FIFO groups) per bulk file' },
  IYS_BULK_PARTITION_BYTES: { schema: count(512 * 1024), doc: 'File bytes per bulk partition' },
  IYS_DATA_KEY_MAX_RECORDS: { schema: count(100_000), doc: 'Records sealed under one data key' },
  IYS_DATA_KEY_MAX_AGE_MS: { schema: count(300_000), doc: 'Age of a cached data key' },
  IYS_SCRYPT_N: { schema: count(32768), doc: 'scrypt cost of password hashes' },
  IYS_PUSH_ALLOW_HTTP_LOOPBACK: { schema: flag, doc: 'Allow http:// push endpoints on loopback' },
  IYS_PUSH_BACKOFF_BASE_SECONDS: {
    schema: z.coerce.number().int().nonnegative().optional(),
    doc: 'First retry delay of a failed push',
  },
  IYS_OUTBOX: { schema: z.enum(['aws', 'local']).optional(), doc: 'Where SMS and e-mail go' },
  IYS_SMS_SENDER_ID: { schema: z.string().min(1).default('IYS'), doc: 'SMS sender id' },
  IYS_EMAIL_FROM: { schema: z.string().min(3).default('no-reply@iys.example'), doc: 'E-mail sender' },
  IYS_SMS_WEBHOOK_SECRET: { schema: optional, doc: 'Shared secret of the SMS short-number webhook' },
  IYS_PUBLIC_URL: { schema: z.url().optional(), doc: 'Public base URL (links in messages)' },
  IYS_VIA_PROVIDER_PER_HOUR: {
    schema: count(10_000),
    doc: 'ViA requests a provider may start an hour (flood limit; docs/via.md)',
  },
  IYS_NOW: {
    schema: z
      .string()
      .refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO 8601 instant')
      .optional(),
    doc: 'Start instant of the clock',
  },
  IYS_CUSTOM_KEY_STORE_ID: { schema: optional, doc: 'CloudHSM key store for providers’ keys' },
  IYS_PROVIDER_KEY_POLICY: { schema: optional, doc: 'Key policy of providers’ keys (set by the stack)' },
  IYS_STREAM_CONSENTS: { schema: optional, doc: 'Consents table stream ARN (set by the stack)' },
  AWS_REGION: { schema: optional, doc: 'AWS region (the SDK’s variable)' },
  AWS_DEFAULT_REGION: { schema: optional, doc: 'AWS region, older name' },
  AWS_S3_FORCE_PATH_STYLE: { schema: flag, doc: 'Path-style S3 addresses (emulators)' },
  AWS_ENDPOINT_URL: { schema: z.url().optional(), doc: 'Endpoint of every AWS service (emulators)' },
  AWS_ENDPOINT_URL_DYNAMODB: { schema: z.url().optional(), doc: 'DynamoDB endpoint' },
  AWS_ENDPOINT_URL_DYNAMODB_STREAMS: { schema: z.url().optional(), doc: 'DynamoDB Streams endpoint' },
  AWS_ENDPOINT_URL_KMS: { schema: z.url().optional(), doc: 'KMS endpoint' },
  AWS_ENDPOINT_URL_S3: { schema: z.url().optional(), doc: 'S3 endpoint' },
  AWS_ENDPOINT_URL_SQS: { schema: z.url().optional(), doc: 'SQS endpoint' },
  AWS_ENDPOINT_URL_SNS: { schema: z.url().optional(), doc: 'SNS endpoint' },
  AWS_ENDPOINT_URL_SESV2: { schema: z.url().optional(), doc: 'SES endpoint' },
} as const;

/** Resource names: one variable per table, bucket, queue and registry key of functions/specs/resources.ts. */
export const resourceVariables: readonly string[] = [...tables, ...buckets, ...queues, ...registryKeys].map(
  (r) => r.env,
);

type Settings = typeof settings;
export type Config = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

const settingNames = Object.keys(settings) as (keyof Settings)[];
const schema = z.object(Object.fromEntries(settingNames.map((n) => [n, settings[n].schema])));
let cached: { fingerprint: string; config: Config } | undefined;

/** The validated configuration; throws naming the variables (never their values) that are wrong. */
export function config(): Config {
  let fingerprint = '';
  for (const n of settingNames) fingerprint += `${process.env[n] ?? ''}\u0000`;
  if (cached?.fingerprint === fingerprint) return cached.config;
  // An empty variable counts as unset (the stack and shells set empty values).
  const raw = Object.fromEntries(settingNames.map((n) => [n, process.env[n] || undefined]));
  const r = schema.safeParse(raw);
  if (!r.success) {
    const bad = [...new Set(r.error.issues.map((i) => String(i.path[0])))].join(', ');
    throw new Error(`invalid configuration: ${bad}`);
  }
  cached = { fingerprint, config: r.data as Config };
  return cached.config;
}

/** The README's table of settings (checked by test/unit/config): default = what the schema gives for none. */
export function settingsTable(): string {
  const rows = Object.entries(settings).map(([name, s]) => {
    const d = (s.schema as { parse(v: unknown): unknown }).parse(undefined);
    return `| \`${name}\` | ${d === undefined ? '—' : `\`${d}\``} | ${s.doc} |`;
  });
  return ['| Variable | Default | What |', '|---|---|---|', ...rows].join('\n');
}

/** Reads a resource name (or another required setting) the stack or the local runtime sets. */
export function required(name: string): string {
  // A resource name is read as it is (one variable: the write path asks for its table on every write, and
  // the settings' fingerprint reads ~50); a setting goes through the validated configuration.
  const v = resourceVariables.includes(name)
    ? process.env[name]
    : (config() as unknown as Record<string, unknown>)[name];
  if (typeof v !== 'string' || !v) throw new Error(`environment variable ${name} is not set`);
  return v;
}

export const env = {
  consentsTable: () => required('IYS_TABLE_CONSENTS'),
  registryTable: () => required('IYS_TABLE_REGISTRY'),
  evidenceTable: () => required('IYS_TABLE_EVIDENCE'),
  uploadsBucket: () => required('IYS_BUCKET_UPLOADS'),
  reportsBucket: () => required('IYS_BUCKET_REPORTS'),
  batchQueue: () => required('IYS_QUEUE_BATCH'),
  uploadsQueue: () => required('IYS_QUEUE_UPLOADS'),
  chunksQueue: () => required('IYS_QUEUE_CHUNKS'),
  pushQueue: () => required('IYS_QUEUE_PUSH'),
  registryKey: () => required('IYS_KEY_REGISTRY'),
  tokenSigningKey: () => required('IYS_KEY_TOKEN_SIGNING'),
  rootCaKey: () => required('IYS_KEY_ROOT_CA'),
  tsaKey: () => required('IYS_KEY_TSA'),
  consentsStream: () => required('IYS_STREAM_CONSENTS'),
  /** The sealer's cadence (the Seal schedule's rate in AWS; the local scheduler's interval). */
  sealIntervalSeconds: () => config().IYS_SEAL_INTERVAL_SECONDS,
  /**
   * Seconds between a movement's creation second and the moment its stream record is visible, at most: the
   * write commits right after the second is stamped, and stream records show within a second or two.
   */
  watermarkMarginSeconds: () => config().IYS_WATERMARK_MARGIN_SECONDS,
  stage: () => config().IYS_STAGE,
  tokenLimitPerHour: () => config().IYS_TOKEN_LIMIT_PER_HOUR,
  /** The request limits of functions/domain/rate-limits.ts (docs/limits.md). */
  rateLimits: () => {
    const c = config();
    return {
      ipPerSecond: c.IYS_RATE_IP_PER_SECOND,
      userPerSecond: c.IYS_RATE_USER_PER_SECOND,
      consentStatusPerIpHour: c.IYS_RATE_STATUS_PER_IP_HOUR,
      historyPerIpHour: c.IYS_RATE_HISTORY_PER_IP_HOUR,
    };
  },
  pullLagSeconds: () => config().IYS_PULL_LAG_SECONDS,
  maxBodyBytes: () => config().IYS_MAX_BODY_BYTES,
};
