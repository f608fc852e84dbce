import { App, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIysApp, fallbackRegion, listContext } from '../../lib/app.js';
import { cdkContext, noBundling, testApp } from './helpers.js';

describe('the CDK app', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ['CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION', 'AWS_REGION', 'AWS_DEFAULT_REGION']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('refuses to synthesise in a region outside iys:allowedRegions (data residency)', () => {
    expect(() => testApp({}, { region: 'us-east-1' })).toThrow(/us-east-1 is not in iys:allowedRegions/);
    expect(() => testApp({ 'iys:allowedRegions': 'eu-south-1' }, { region: 'eu-central-1' })).toThrow(
      /not in iys:allowedRegions/,
    );
    expect(() => testApp({ 'iys:allowedRegions': [] })).toThrow(/iys:allowedRegions is empty/);
    process.env.CDK_DEFAULT_ACCOUNT = '123456789012';
    process.env.CDK_DEFAULT_REGION = 'us-west-2';
    expect(() => buildIysApp(new App({ context: { ...cdkContext, ...noBundling } }), { nag: false })).toThrow(
      /us-west-2/,
    );
  });

  it('synthesises offline in eu-central-1 when no credentials are configured', () => {
    delete process.env.CDK_DEFAULT_ACCOUNT;
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.CDK_DEFAULT_REGION = 'us-east-1'; // what the CLI reports when nothing is configured
    const iys = buildIysApp(new App({ context: { ...cdkContext, ...noBundling } }), { nag: true });
    // With no account the environment stays a token: synthesis (nag included) must still complete.
    expect(() => iys.app.synth({ force: true })).not.toThrow();
    expect(iys.region).toBe(fallbackRegion);
    expect(iys.stateful.region).toBe('eu-central-1');
    expect(iys.stage).toBe('dev');
    expect(iys.stateful.stackName).toBe('iys-dev-stateful');
    expect(iys.stateless.stackName).toBe('iys-dev-stateless');
  });

  it('reads list context from cdk.json arrays and from -c strings', () => {
    expect(listContext(['a', 'b'])).toEqual(['a', 'b']);
    expect(listContext('eu-central-1, eu-south-1')).toEqual(['eu-central-1', 'eu-south-1']);
    expect(listContext('["me-central-1"]')).toEqual(['me-central-1']);
    expect(listContext(undefined)).toEqual([]);
  });

  it('takes the stage from context and protects the prod data stack from termination', () => {
    const iys = testApp({ 'iys:stage': 'prod' });
    expect(iys.stateful.stackName).toBe('iys-prod-stateful');
    expect(iys.stateful.terminationProtection).toBe(true);
    expect(() => testApp({ 'iys:stage': 'Prod!' })).toThrow(/iys:stage/);
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged finding, each acknowledgement with a reason', () => {
    const iys = testApp(
      { 'iys:stage': 'prod', 'iys:customKeyStoreId': 'cks-1234567890abcdef0' },
      { nag: true },
    );
    expect(iys.nag).toBeDefined();
    // Synthesis runs the registered plugin too (and would fail on a finding).
    expect(() => iys.app.synth({ force: true })).not.toThrow();
    const report = iys.nag!.validateScope(iys.app);
    const findings = report.violations
      .filter((v) => v.ruleName.startsWith('AwsSolutions-'))
      .map(
        (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      );
    expect(findings.filter((f) => f.startsWith('error'))).toEqual([]);
    expect(findings).toEqual([]); // warnings too
    expect(report.success).toBe(true);

    let acknowledgements = 0;
    for (const c of iys.app.node.findAll()) {
      for (const entry of c.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, value] of Object.entries(entry.data as Record<string, unknown>)) {
          acknowledgements++;
          const reason = typeof value === 'string' ? value : (value as { reason?: string }).reason;
          expect(reason, `${c.node.path} ${id}`).toMatch(/\w{3,}.*\w{3,}/);
        }
      }
    }
    expect(acknowledgements).toBeGreaterThan(0);
  });

  it('has a nag check that does find problems (the test above is not vacuous)', () => {
    const iys = testApp({}, { nag: true });
    new Queue(iys.stateful, 'Unsafe', { encryption: QueueEncryption.UNENCRYPTED });
    const rules = iys.nag!.validateScope(iys.app).violations.map((v) => v.ruleName);
    expect(rules).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
    );
  });
});
