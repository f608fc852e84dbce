import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../functions/adapters/logger.js';
import { metric, metrics, observed } from '../../../functions/adapters/observability.js';

/** Observability as the entries use it: redaction wired into the logger, metrics flushed per invocation. */
describe('logger', () => {
  afterEach(() => {
    logger.setLogLevel('SILENT');
    vi.restoreAllMocks();
  });

  it('never writes a secret field, at any depth, and keeps the rest', async () => {
    logger.setLogLevel('INFO');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    await observed(async () => {
      logger.info('request', {
        operationId: 'addConsent',
        body: { recipient: '+905321234567', nested: [{ password: 'change-me-1', access_token: 'eyJ…' }] },
        count: 2,
      });
    })({}, { functionName: 'add-consent', awsRequestId: 'r-1' } as never);
    const out = lines.join('');
    expect(out).toContain('"operationId":"addConsent"');
    expect(out).toContain('"count":2');
    expect(out).toContain('"function_request_id":"r-1"');
    expect(out).not.toContain('+905321234567');
    expect(out).not.toContain('change-me-1');
    expect(out).not.toContain('eyJ');
    expect(out.match(/\[redacted\]/g)?.length).toBe(3);
  });
});

describe('metrics', () => {
  it('are stored during an invocation and flushed at its end', async () => {
    let during = false;
    await observed(async () => {
      metric.writeConflicts(3);
      metric.writeConflicts(0); // nothing to count: not stored
      during = metrics.hasStoredMetrics();
      expect(JSON.stringify(metrics.serializeMetrics())).toContain('WriteConflicts');
    })({});
    expect(during).toBe(true);
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('are flushed when the handler fails too', async () => {
    await expect(
      observed(async () => {
        metric.feedLag(7);
        throw new Error('boom');
      })({}),
    ).rejects.toThrow('boom');
    expect(metrics.hasStoredMetrics()).toBe(false);
  });
});
