import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { metricsNamespace, metricNames as names, serviceName } from '../specs/metrics.js';
import { logger } from './logger.js';

/**
 * Powertools for every Lambda entry: the Logger with the invocation's context, Metrics as CloudWatch
 * embedded metric format (one EMF document per invocation), the Tracer over the handler and the SDK
 * clients (functions/adapters/aws.ts). Outside Lambda the Tracer is off by itself; the local runtime sets
 * POWERTOOLS_METRICS_DISABLED so that metrics are not printed.
 */
export const metrics = new Metrics({ namespace: metricsNamespace, serviceName });
export const tracer = new Tracer({ serviceName });

/** What an operator watches (docs/observability.md; names and alarms: functions/specs/metrics.ts). */
export const metric = {
  /** Consents recorded (new movements), by actor: HS (providers) or IYS (recipients, on İYS). */
  consentsRecorded: (n: number, actor: string) => count(names.consentsRecorded, n, { actor }),
  /** Consents refused, by İYS code (H-codes are a bounded set). */
  consentsRefused: (n: number, code: string) => count(names.consentsRefused, n, { code }),
  /** Conditional writes that lost to a concurrent writer and were retried. */
  writeConflicts: (n: number) => count(names.writeConflicts, n),
  /** KMS requests, by operation (data keys, unwraps, signatures). */
  kmsRequests: (operation: string) => count(names.kmsRequests, 1, { operation }),
  /** Rows of a bulk chunk applied, and how long it took (rows/s = rows ÷ duration). */
  bulkChunk: (rows: number, ms: number) => {
    count(names.bulkRows, rows);
    metrics.addMetric(names.bulkChunkDuration, MetricUnit.Milliseconds, ms);
  },
  /** How far the change feed's watermark is behind now (the feed's own lag, besides IYS_PULL_LAG_SECONDS). */
  feedLag: (seconds: number) => metrics.addMetric(names.feedWatermarkLag, MetricUnit.Seconds, seconds),
  /** Push deliveries that failed or were deferred. */
  pushFailures: (n: number, outcome: string) => count(names.pushFailures, n, { outcome }),
};

function count(name: string, n: number, dimensions?: Record<string, string>) {
  if (!n) return;
  if (!dimensions) {
    metrics.addMetric(name, MetricUnit.Count, n);
    return;
  }
  // A dimensioned value goes into its own EMF document, so dimensions of different metrics never mix.
  const single = metrics.singleMetric();
  for (const [k, v] of Object.entries(dimensions)) single.addDimension(k, v);
  single.addMetric(name, MetricUnit.Count, n);
}

/**
 * Metrics flushed after each invocation, only when there are some (Powertools' own middleware warns on every
 * invocation that recorded none, which is most API calls), and a ColdStart metric once per container.
 */
let cold = true;
const flushMetrics: MiddlewareObj = {
  before: (request) => {
    if (!cold) return;
    cold = false;
    metrics.captureColdStartMetric((request.context as Context | undefined)?.functionName);
  },
  after: () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  },
  onError: () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  },
};

/**
 * A Lambda entry with observability: context in every log line, cold-start metric, metrics flushed once
 * per invocation, a trace segment for the handler.
 */
export function observed<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
): (event: E, context?: Context) => Promise<R> {
  const wrapped = middy<E, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(flushMetrics as MiddlewareObj<E, R>)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .handler(handler);
  // Lambda always passes a context; callers that have none (tests, a local scheduler) get an empty one.
  return (event, context) => wrapped(event, context ?? ({} as Context));
}
