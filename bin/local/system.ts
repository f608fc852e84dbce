import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { setClock } from '../../functions/adapters/clock.js';
import { newContainer } from '../../functions/adapters/container.js';
import { handler as consentsStream } from '../../functions/handlers/consents-stream.js';
import { tables } from '../../functions/specs/resources.js';
import { awsFrameAdmin } from '../../functions/wiring/frame-admin.js';
import { awsOnboarding } from '../../functions/wiring/onboarding.js';
import { awsVia } from '../../functions/wiring/via.js';
import { awsViaPass } from '../../functions/wiring/via-pass.js';
import { createApiServer, type ExtraRoute } from './api-server.js';
import { bootstrap } from './bootstrap.js';
import { type DemoSite, startDemoSite } from './demo-site.js';
import { type DynamoLocal, javaAvailable, noJavaLine, startDynamoLocal } from './dynamodb-local.js';
import { localRoutes } from './local-routes.js';
import { type Moto, startMoto } from './moto.js';
import { type QueuePoller, startQueuePollers } from './queue-poller.js';
import { startScheduler } from './scheduler.js';
import { applySeed, loadSeed, seedViaPassTemplates } from './seed.js';
import { type StreamPoller, startStreamPoller } from './stream-poller.js';

/**
 * The whole system on one machine: local AWS (moto, unless AWS_ENDPOINT_URL is set), resources from
 * functions/specs/resources.ts, the seed, and the API. Used by `npm start` and by the integration tests alike.
 */
export interface SystemOptions {
  port?: number;
  /** The AWS endpoint for every service (a running moto, LocalStack); default: moto started here. */
  endpoint?: string;
  /**
   * The DynamoDB (and DynamoDB Streams) endpoint. Default: AWS_ENDPOINT_URL_DYNAMODB, else DynamoDB Local
   * started here when this system starts its own moto and Java is there, else the endpoint above.
   * `'moto'`: DynamoDB on moto too (the benchmark's comparison run).
   */
  dynamoEndpoint?: string;
  seedPath?: string;
  /** The port of the demo "provider's own site" that embeds the ViA Frame widgets; default the API's + 1. */
  demoPort?: number;
  now?: string;
  stage?: string;
  quiet?: boolean;
  /** Called as each startup step ends, in this order, with its duration (`npm start` prints a line each). */
  onStep?: (step: StartupStep, ms: number) => void;
}

export const startupSteps = ['aws', 'resources', 'seed', 'api'] as const;
export type StartupStep = (typeof startupSteps)[number];

export interface RunningSystem {
  url: string;
  endpoint: string;
  /** Where DynamoDB and its streams are served (DynamoDB Local, or the endpoint above). */
  dynamoEndpoint: string;
  seedLines: string[];
  /** The demo "provider's own site" (another origin): `/widget/{uuid}` embeds that ViA Frame widget. */
  demoUrl: string;
  /** Waits until every background consumer (streams, queues) has caught up, and the watermark with them. */
  drain(): Promise<void>;
  /** The stream consumer, held back and let go (tests of reads while it falls behind). */
  pauseStream(): Promise<void>;
  resumeStream(): void;
  stop(): Promise<void>;
}

/**
 * V8 flags of the process the local system runs in: `npm start` (package.json's `start` script passes
 * them to tsx) and the benchmarks' system child (bench/system-child.ts). The system's live heap is ~45 MB
 * during a bulk file whatever its size (measured after a full collection at 20k, 100k and 200k rows,
 * docs/benchmarks.md); with the machine's default limit (4 GB here) V8 lets the heap grow to up to 4 times
 * what survived the last collection, so the garbage of bursts (stream pages, SQS chunks) raised the
 * process's resident memory over a long run. A smaller limit makes V8 collect sooner. 128 MB held a
 * million-row file's upload flat at ~230 MB but was too small for the end of that run, when the API serves
 * the feed in pages of 1,000 while the stream consumer and the watermark job each hold a page of 1,000
 * records (the process ran out of heap): 512 MB leaves that room, is above everything the uncapped run
 * reached, and still collects nearly as eagerly as 128 MB. The young generation is the bulk worker
 * Lambda's (`nodeOptions` of the BulkChunks queue, functions/specs/resources.ts): 64 MB semi-spaces, so
 * the scavenger runs a quarter as often over a bulk file's short-lived garbage (100,000 rows: 580 rows/s
 * against 544 with the default, RSS ~300 MB instead of ~210, flat; docs/benchmarks.md).
 */
export const localSystemNodeFlags = ['--max-old-space-size=512', '--max-semi-space-size=64'] as const;

/** The Consents stream's event-source settings, shared with the CDK stack. */
const consentsStreamSpec = tables.find((t) => t.id === 'Consents')!.streamConsumer!;

export const defaultSeedPath = resolve(import.meta.dirname, '../../seed/demo.json');

const endpointVariables = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_DYNAMODB_STREAMS',
] as const;

export async function startSystem(opts: SystemOptions = {}): Promise<RunningSystem> {
  let mark = performance.now();
  const stepDone = (step: StartupStep) => {
    const now = performance.now();
    opts.onStep?.(step, now - mark);
    mark = now;
  };
  const previous = Object.fromEntries(endpointVariables.map((k) => [k, process.env[k]]));
  const given = opts.endpoint ?? process.env.AWS_ENDPOINT_URL;
  const moto: Moto | undefined = given ? undefined : await startMoto();
  const endpoint = given ?? moto!.endpoint;
  let dynamoLocal: DynamoLocal | undefined;
  let dynamoEndpoint =
    opts.dynamoEndpoint === 'moto'
      ? endpoint
      : (opts.dynamoEndpoint ?? process.env.AWS_ENDPOINT_URL_DYNAMODB);
  if (!dynamoEndpoint && moto) {
    if (javaAvailable()) {
      dynamoLocal = await startDynamoLocal(
        process.env.IYS_DYNAMODB_LOCAL_PATH ? { dbPath: process.env.IYS_DYNAMODB_LOCAL_PATH } : {},
      );
      dynamoEndpoint = dynamoLocal.endpoint;
    } else if (!opts.quiet) process.stderr.write(`${noJavaLine}\n`);
  }
  dynamoEndpoint ??= endpoint;
  stepDone('aws');
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamoEndpoint;
  process.env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS = dynamoEndpoint;
  process.env.AWS_REGION ??= 'eu-central-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  process.env.IYS_STAGE = opts.stage ?? 'local';
  process.env.IYS_SMS_WEBHOOK_SECRET ??= 'local-sms-webhook-secret';
  if (opts.now) setClock(opts.now);
  // A new system is a new emulator (or stage): clients, keys, secrets and look-ups cached for an earlier
  // system in this process (a benchmark runs several) belong to it. A Lambda container never sees this.
  newContainer();

  // TTL runs on the emulator's real clock: only with the real clock here (bin/local/bootstrap.ts).
  const env = await bootstrap(process.env.IYS_STAGE, { timeToLive: !opts.now });
  Object.assign(process.env, env);
  stepDone('resources');
  const seed = await loadSeed(opts.seedPath ?? defaultSeedPath);
  // The demo site first: its origin is the seeded widgets' allowed origin.
  const demo: DemoSite = await startDemoSite(
    opts.demoPort ?? (opts.port === 0 ? 0 : (opts.port ?? 3000) + 1),
  );
  const via = awsVia();
  const seedLines = await applySeed(seed, awsOnboarding(), via, {
    widgets: awsFrameAdmin(via),
    demoOrigin: demo.url,
  });
  seedLines.push(...(await seedViaPassTemplates(seed, awsViaPass())));
  stepDone('seed');

  const stream: StreamPoller = await startStreamPoller(env.IYS_TABLE_CONSENTS!, consentsStream, {
    batchSize: consentsStreamSpec.batchSize,
    intervalMs: consentsStreamSpec.maxBatchingWindowSeconds * 1000,
    kinds: consentsStreamSpec.kinds,
  });
  const queuePollers: QueuePoller = await startQueuePollers(process.env.IYS_STAGE);
  const scheduler = startScheduler({ quiet: opts.quiet ?? false });
  const extra: ExtraRoute[] = localRoutes({
    jobs: scheduler,
    drain: async () => {
      await stream.drain();
      await queuePollers.drain();
      await stream.drain();
      await scheduler.watermark();
    },
  });
  const server: Server = createApiServer(extra);
  await new Promise<void>((r) => server.listen(opts.port ?? 3000, '127.0.0.1', () => r()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  demo.setApi(`http://127.0.0.1:${port}`);
  stepDone('api');
  return {
    url: `http://127.0.0.1:${port}`,
    demoUrl: demo.url,
    endpoint,
    dynamoEndpoint,
    seedLines,
    drain: async () => {
      // Queue work can write consents and consents can enqueue work: settle both, twice.
      for (let i = 0; i < 2; i++) {
        await stream.drain();
        await queuePollers.drain();
      }
      await stream.drain();
      await scheduler.watermark();
    },
    pauseStream: () => stream.pause(),
    resumeStream: () => stream.resume(),
    stop: async () => {
      await scheduler.stop();
      await queuePollers.stop();
      await stream.stop();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      await demo.stop();
      await Promise.all([moto?.stop(), dynamoLocal?.stop()]);
      // The endpoints were set here: a later system in this process must not talk to a stopped emulator.
      for (const k of endpointVariables) {
        if (previous[k] === undefined) delete process.env[k];
        else process.env[k] = previous[k];
      }
      // Nothing cached for the stopped emulator may serve whatever runs next in this process.
      newContainer();
    },
  };
}
