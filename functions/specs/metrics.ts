/**
 * The registry's own CloudWatch metrics (namespace IYS, dimension `service` = iys, emitted as EMF by
 * functions/adapters/observability.ts) and the alarms an operator gets on them (lib/stateless-stack.ts).
 * The DLQ alarms live with the queues (lib/stateful-stack.ts).
 */
export const metricsNamespace = 'IYS';
export const serviceName = 'iys';

export const metricNames = {
  consentsRecorded: 'ConsentsRecorded',
  consentsRefused: 'ConsentsRefused',
  writeConflicts: 'WriteConflicts',
  kmsRequests: 'KmsRequests',
  bulkRows: 'BulkRows',
  bulkChunkDuration: 'BulkChunkDuration',
  feedWatermarkLag: 'FeedWatermarkLag',
  pushFailures: 'PushFailures',
} as const;

export interface AlarmSpec {
  id: string;
  metric: (typeof metricNames)[keyof typeof metricNames];
  /** Dimensions besides `service`. */
  dimensions?: Record<string, string>;
  statistic: 'Sum' | 'Maximum' | 'Average';
  periodMinutes: number;
  evaluationPeriods: number;
  threshold: number;
  description: string;
}

export const alarms: AlarmSpec[] = [
  {
    id: 'FeedBehind',
    metric: 'FeedWatermarkLag',
    statistic: 'Maximum',
    periodMinutes: 1,
    evaluationPeriods: 5,
    threshold: 120,
    description:
      'The change feed watermark is more than 2 minutes behind for 5 minutes: the stream consumer or the watermark job is stuck, and pulls stop short.',
  },
  {
    id: 'WriteConflicts',
    metric: 'WriteConflicts',
    statistic: 'Sum',
    periodMinutes: 5,
    evaluationPeriods: 1,
    threshold: 500,
    description:
      'More than 500 conditional writes lost a race in 5 minutes: one consent is being written by many callers at once (a loop in a client?).',
  },
  {
    id: 'DataKeysBurst',
    metric: 'KmsRequests',
    dimensions: { operation: 'GenerateDataKey' },
    statistic: 'Sum',
    periodMinutes: 5,
    evaluationPeriods: 1,
    threshold: 300,
    description:
      'More than 300 data keys in 5 minutes: the data-key cache is not reused (budget: one per batch or 100,000 records).',
  },
  {
    id: 'PushFailing',
    metric: 'PushFailures',
    dimensions: { outcome: 'RETRY' },
    statistic: 'Sum',
    periodMinutes: 5,
    evaluationPeriods: 3,
    threshold: 50,
    description: 'Push deliveries keep failing for 15 minutes: a provider endpoint is down or refuses us.',
  },
];
