import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayResponses } from '../../functions/http/gateway-responses.js';
import { specRoutes } from '../../functions/specs/index.js';
import { alarms as alarmSpecs } from '../../functions/specs/metrics.js';
import { buckets, queues, registryKeys, schedules, tables } from '../../functions/specs/resources.js';
import type { IysApp } from '../../lib/app.js';
import { handlerEntry } from '../../lib/constructs/iys-function.js';
import { StatefulStack } from '../../lib/stateful-stack.js';
import { StatelessStack } from '../../lib/stateless-stack.js';
import {
  actionsOf,
  cdkContext,
  logicalId,
  noBundling,
  resourcesIn,
  root,
  stackAndNested,
  statementsOf,
  templateOf,
  testApp,
} from './helpers.js';

/** The registry's functions (CDK's own BucketDeployment helper for the portal files is not one of them). */
const ownFunctions = (stack: StatelessStack) =>
  Object.fromEntries(
    Object.entries(resourcesIn(stack, 'AWS::Lambda::Function')).filter(
      ([id]) => !id.includes('CustomCDKBucketDeployment'),
    ),
  );

const pascalOf = (module: string) =>
  module.replace(/(^|[-_/])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

describe('stateless stack', () => {
  let iys: IysApp;
  let template: Template;
  beforeAll(() => {
    iys = testApp({ 'iys:stage': 'test', 'iys:customKeyStoreId': 'cks-1234567890abcdef0' });
    template = Template.fromStack(iys.stateless);
  }, 120_000);

  it('alarms on the registry’s own metrics (namespace IYS, dimension service), one per alarm spec', () => {
    for (const a of alarmSpecs) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'IYS',
        MetricName: a.metric,
        Threshold: a.threshold,
        Dimensions: Match.arrayWith([{ Name: 'service', Value: 'iys' }]),
      });
    }
    expect(iys.stateless.alarms).toHaveLength(alarmSpecs.length);
  });

  const methodOf = (httpMethod: string, fullPath: string) => {
    const resourceId =
      fullPath === '/' ? undefined : logicalId(iys.stateless.api.root.resourceForPath(fullPath));
    const found = Object.values(template.findResources('AWS::ApiGateway::Method')).filter((m) => {
      const p = (m as { Properties: { HttpMethod: string; ResourceId: unknown } }).Properties;
      return p.HttpMethod === httpMethod && JSON.stringify(p.ResourceId).includes(`"${resourceId}"`);
    }) as { Properties: Record<string, unknown> }[];
    expect(found, `${httpMethod} ${fullPath}`).toHaveLength(1);
    return found[0]!.Properties;
  };

  it('makes one function per catalogue module plus the authorizer, all Node.js 22 on arm64 with active tracing', () => {
    const modules = new Set(specRoutes().map((r) => r.module));
    expect([...iys.stateless.apiFunctions.keys()].sort()).toEqual([...modules].sort());
    const functions = Object.values(ownFunctions(iys.stateless));
    expect(functions.length).toBe(
      modules.size +
        1 +
        iys.stateless.consumers.size +
        iys.stateless.streamConsumers.size +
        iys.stateless.jobs.size,
    );
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogGroup: expect.anything() });
    }
    for (const fn of iys.stateless.apiFunctions.values()) {
      const props = (
        templateOf(fn).findResources('AWS::Lambda::Function')[logicalId(fn)] as {
          Properties: Record<string, unknown>;
        }
      ).Properties;
      expect(props).toMatchObject({ MemorySize: 512, Timeout: 29, Handler: 'index.handler' });
      expect(props.FunctionName).toBeUndefined();
    }
  });

  it("invokes each API function through one permission for its API stage, in the function's nested stack", () => {
    for (const fn of iys.stateless.apiFunctions.values()) {
      const permissions = Object.values(templateOf(fn).findResources('AWS::Lambda::Permission')).filter((p) =>
        JSON.stringify((p as { Properties: { FunctionName: unknown } }).Properties.FunctionName).includes(
          logicalId(fn),
        ),
      ) as { Properties: Record<string, unknown> }[];
      expect(permissions).toHaveLength(1);
      expect(permissions[0]!.Properties).toMatchObject({
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
      });
      expect(JSON.stringify(permissions[0]!.Properties.SourceArn)).toContain('/test/*/*');
    }
    expect(
      Object.keys(templateOf(iys.stateless).findResources('AWS::Lambda::Permission')).length,
    ).toBeLessThanOrEqual(1);
  });

  it('keeps every stack (nested ones included) well under the CloudFormation limit of 500 resources', () => {
    for (const s of [iys.stateful, ...stackAndNested(iys.stateless)]) {
      const count = Object.keys((templateOf(s).toJSON() as { Resources: object }).Resources).length;
      expect(count, s.node.path).toBeLessThan(400);
    }
  });

  it('wires every route to its function with a proxy integration, method and path from the catalogue', () => {
    for (const r of specRoutes()) {
      const m = methodOf(r.spec.method, r.spec.path);
      const fn = iys.stateless.apiFunctions.get(r.module)!;
      expect(m.Integration).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
      // The function lives in a nested stack: its ARN arrives as an output of that stack named after its path.
      expect(JSON.stringify(m.Integration)).toContain(`${pascalOf(r.module)}Fn`);
      expect(fn.node.path).toMatch(/\/Functions\d+\//);
      for (const p of r.spec.path.matchAll(/\{([^}]+)\}/g)) {
        expect(m.RequestParameters).toMatchObject({ [`method.request.path.${p[1]}`]: true });
      }
      expect(m.RequestValidatorId).toBeDefined();
    }
  });

  it('uses a cached TOKEN authorizer on the Authorization header for bearer routes only', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 30, // + the authorizer's token-state cache (≤ 30 s): revocation within 60 s
      AuthorizerUri: Match.anyValue(),
    });
    const authorizerId = Object.keys(template.findResources('AWS::ApiGateway::Authorizer'))[0]!;
    const authorizerFn = logicalId(iys.stateless.authorizerFunction);
    expect(JSON.stringify(template.findResources('AWS::ApiGateway::Authorizer'))).toContain(authorizerFn);
    for (const r of specRoutes()) {
      const m = methodOf(r.spec.method, r.spec.path);
      if (r.spec.auth === 'bearer') {
        expect(m.AuthorizationType).toBe('CUSTOM');
        expect(m.AuthorizerId).toEqual({ Ref: authorizerId });
      } else {
        expect(m.AuthorizationType).toBe('NONE');
        expect(m.AuthorizerId).toBeUndefined();
      }
    }
    expect(methodOf('POST', '/oauth2/token').AuthorizationType).toBe('NONE');
    expect(methodOf('GET', '/health').AuthorizationType).toBe('NONE');
    expect(methodOf('GET', '/sps/{iysCode}/brands').AuthorizationType).toBe('CUSTOM');
  });

  it('feeds the Consents stream to the movement writer, filtered to consent states, batched', () => {
    const spec = tables.find((t) => t.id === 'Consents')!.streamConsumer!;
    const fn = iys.stateless.streamConsumers.get('Consents')!;
    expect(fn).toBeDefined();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(fn) },
      BatchSize: spec.batchSize,
      MaximumBatchingWindowInSeconds: spec.maxBatchingWindowSeconds,
      StartingPosition: 'TRIM_HORIZON',
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ dynamodb: { NewImage: { kind: { S: spec.kinds } } } }) }],
      },
    });
  });

  it('gives queue consumers the V8 flags of their spec, after source maps (the bulk worker’s young generation)', () => {
    const withFlags = queues.filter((q) => q.nodeOptions);
    expect(withFlags.map((q) => q.id)).toContain('BulkChunks');
    for (const spec of withFlags) {
      const fn = iys.stateless.consumers.get(spec.id)!;
      const own = Template.fromStack(Stack.of(fn)).findResources('AWS::Lambda::Function');
      const resource = own[logicalId(fn)] as {
        Properties: { Environment: { Variables: Record<string, unknown> } };
      };
      expect(resource.Properties.Environment.Variables.NODE_OPTIONS).toBe(
        `--enable-source-maps ${spec.nodeOptions}`,
      );
    }
    const plain = iys.stateless.consumers.get('Push')!;
    const own = Template.fromStack(Stack.of(plain)).findResources('AWS::Lambda::Function');
    expect(
      (own[logicalId(plain)] as { Properties: { Environment: { Variables: Record<string, unknown> } } })
        .Properties.Environment.Variables.NODE_OPTIONS,
    ).toBe('--enable-source-maps');
  });

  it('schedules the seal and daily jobs with EventBridge Scheduler in Europe/Istanbul, each with its own invoke-only role', () => {
    for (const job of schedules) {
      const fn = iys.stateless.jobs.get(job.id)!;
      expect(fn, job.id).toBeDefined();
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: job.expression,
        ScheduleExpressionTimezone: job.timeZone,
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(fn), 'Arn'] } }),
      });
    }
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: Match.objectLike({
          Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
        }),
      },
    });
    expect(Object.keys(roles)).toHaveLength(schedules.length);
  });

  it('the watermark job ticks every 5 s within its minute, with the Consents stream ARN and only stream read rights on it', () => {
    const job = schedules.find((j) => j.id === 'Watermark')!;
    const fn = iys.stateless.jobs.get('Watermark')!;
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      Target: Match.objectLike({ Input: JSON.stringify(job.input) }),
    });
    const own = Template.fromStack(Stack.of(fn)).findResources('AWS::Lambda::Function');
    const resource = own[logicalId(fn)] as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    };
    expect(resource.Properties.Environment.Variables.IYS_STREAM_CONSENTS).toBeDefined();
    const actions = actionsOf(statementsOf(fn.role!));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']));
    // No other function reads the stream through the API (the consumer is fed by its event source mapping).
    for (const [id, other] of iys.stateless.jobs) {
      if (id === 'Watermark') continue;
      expect(actionsOf(statementsOf(other.role!))).not.toContain('dynamodb:GetShardIterator');
    }
  });

  it('serves the portal from a private bucket through CloudFront, on the API origin, with the strict CSP', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: {
            ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'none'"),
            Override: true,
          },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({ PathPattern: '/portal*', ViewerProtocolPolicy: 'redirect-to-https' }),
          Match.objectLike({ PathPattern: '/console*', ViewerProtocolPolicy: 'redirect-to-https' }),
        ],
      }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('serves the console from the same bucket under /console/, its CSP adding only the two buckets it uses', () => {
    const policies = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')).map(
      (p) =>
        JSON.stringify(
          (p as { Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: unknown } } })
            .Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig,
        ),
    );
    expect(policies).toHaveLength(2);
    const consolePolicy = policies.find((p) => p.includes('iys-test-uploads'))!;
    expect(consolePolicy).toContain("script-src 'self'");
    expect(consolePolicy).not.toContain('unsafe-inline');
    expect(consolePolicy).toContain("connect-src 'self' https://iys-test-uploads-");
    expect(consolePolicy).toContain(' https://iys-test-reports-');
    const portalPolicy = policies.find((p) => p !== consolePolicy)!;
    expect(portalPolicy).toContain("connect-src 'self';");
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')).map(
      (d) =>
        (d as { Properties: { DestinationBucketKeyPrefix: string } }).Properties.DestinationBucketKeyPrefix,
    );
    expect(deployments.sort()).toEqual(['console/', 'portal/']);
    const fn = Object.values(template.findResources('AWS::CloudFront::Function'))[0] as {
      Properties: { FunctionCode: string };
    };
    expect(fn.Properties.FunctionCode).toContain('(portal|console)');
  });

  it('throttles the public methods per method, the code, session, link, webhook and token ones lowest', () => {
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0]!;
    const settings = (stage.Properties.MethodSettings ?? []) as {
      ResourcePath: string;
      HttpMethod: string;
      ThrottlingRateLimit?: number;
    }[];
    const rate = (path: string, method: string) =>
      settings.find((m) => m.ResourcePath === `/${path.replace(/\//g, '~1')}` && m.HttpMethod === method)
        ?.ThrottlingRateLimit;
    expect(rate('/citizen/verifications', 'POST')).toBe(10);
    expect(rate('/citizen/sessions', 'POST')).toBe(10);
    expect(rate('/channels/sms/inbound', 'POST')).toBe(10);
    expect(rate('/oauth2/token', 'POST')).toBe(10);
    expect(rate('/health', 'GET')).toBe(50);
    // bearer methods keep the stage-wide limit
    expect(rate('/sps/{iysCode}/brands', 'GET')).toBeUndefined();
  });

  it('answers with İYS-shaped gateway responses', () => {
    for (const [type, response] of Object.entries(gatewayResponses)) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        StatusCode: String(response.status),
        ResponseTemplates: { 'application/json': JSON.stringify(response.body) },
      });
    }
    const unauthorized = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse')).find(
      (r) => (r as { Properties: { ResponseType: string } }).Properties.ResponseType === 'UNAUTHORIZED',
    ) as { Properties: { StatusCode: string; ResponseTemplates: Record<string, string> } };
    expect(unauthorized.Properties.StatusCode).toBe('401');
    expect(JSON.parse(unauthorized.Properties.ResponseTemplates['application/json']!)).toEqual({
      errors: [{ code: 'H351', message: 'Eksik veya geçersiz jeton!' }],
    });
  });

  it("API Gateway's throttling answers 429 H124 with Retry-After (every 429 says when to come back)", () => {
    const responses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse')) as {
      Properties: { ResponseType: string; StatusCode: string; ResponseParameters?: Record<string, string> };
    }[];
    const limited = responses.filter((r) => r.Properties.StatusCode === '429');
    expect(limited.map((r) => r.Properties.ResponseType)).toEqual(['THROTTLED']);
    for (const r of limited)
      expect(r.Properties.ResponseParameters?.['gatewayresponse.header.retry-after']).toBe("'1'");
  });

  it('throttles the stage, traces it and writes access logs; validates requests', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'test',
      TracingEnabled: true,
      AccessLogSetting: Match.objectLike({
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('requestId'),
      }),
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 500,
          ThrottlingBurstLimit: 1000,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
      ]),
    });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
  });

  it('gives every function the deployed resource names, the stage and the custom key store', () => {
    const functions = Object.values(ownFunctions(iys.stateless)) as unknown as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    }[];
    for (const fn of functions) {
      const vars = fn.Properties.Environment.Variables;
      expect(vars.IYS_STAGE).toBe('test');
      expect(vars.IYS_CUSTOM_KEY_STORE_ID).toBe('cks-1234567890abcdef0');
      for (const r of [...tables, ...buckets, ...queues, ...registryKeys])
        expect(vars[r.env], r.env).toBeDefined();
      for (const k of registryKeys) expect(vars[k.env]).toBe(k.alias);
      // Queue URLs and table names come from the stateful stack (references), not from copied values.
      expect(typeof vars.IYS_TABLE_CONSENTS).toBe('object');
      expect(typeof vars.IYS_QUEUE_BATCH).toBe('object');
    }
  });

  it('grants the authorizer kms:GetPublicKey on the token key only (no kms:Sign) and reads of the Registry only', () => {
    const statements = statementsOf(iys.stateless.authorizerFunction.role!);
    const actions = actionsOf(statements);
    expect(actions).toContain('kms:GetPublicKey');
    expect(actions).not.toContain('kms:Sign');
    // Users' token states (revocation, docs/identity.md): reads, no writes.
    const dynamo = actions.filter((a) => a.startsWith('dynamodb:'));
    expect(dynamo).toContain('dynamodb:GetItem');
    expect(dynamo.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
    const registry = iys.stateful.tables.get('Registry')!.table;
    const tableStatement = statements.find((s) => actionsOf([s]).includes('dynamodb:GetItem'))!;
    expect(JSON.stringify(tableStatement.Resource)).toContain(
      iys.stateful.getLogicalId(registry.node.defaultChild as never),
    );
    expect(actions.filter((a) => a.startsWith('s3:') || a.startsWith('sqs:'))).toEqual([]);
    const tokenKey = iys.stateful.keys.get('TokenSigningKey')!.key;
    const kms = statements.find((s) => actionsOf([s]).includes('kms:GetPublicKey'))!;
    expect(JSON.stringify(kms.Resource)).toContain(
      iys.stateful.getLogicalId(tokenKey.node.defaultChild as never),
    );
  });

  it('lets only the token endpoint and the recipient session endpoint sign tokens', () => {
    // create-token signs access and refresh tokens, citizen-sessions the recipient's session token.
    const signers = new Set(['create-token', 'citizen-sessions']);
    const tokenKeyId = iys.stateful.getLogicalId(
      iys.stateful.keys.get('TokenSigningKey')!.key.node.defaultChild as never,
    );
    for (const [module, fn] of iys.stateless.apiFunctions) {
      const signsToken = statementsOf(fn.role!).some(
        (s) => actionsOf([s]).includes('kms:Sign') && JSON.stringify(s.Resource).includes(tokenKeyId),
      );
      expect(signsToken, module).toBe(signers.has(module));
    }
  });

  it('grants table access by name (no index wildcard), and kms:CreateKey to the approval of applications only', () => {
    for (const [module, fn] of iys.stateless.apiFunctions) {
      const statements = statementsOf(fn.role!);
      for (const s of statements) {
        if (actionsOf([s]).some((a) => a.startsWith('dynamodb:')))
          expect(JSON.stringify(s.Resource), module).not.toContain('index/*');
      }
      expect(actionsOf(statements).includes('kms:CreateKey'), module).toBe(module === 'approve-application');
    }
    for (const fn of [
      iys.stateless.authorizerFunction,
      ...iys.stateless.consumers.values(),
      ...iys.stateless.jobs.values(),
    ])
      expect(actionsOf(statementsOf(fn.role!))).not.toContain('kms:CreateKey');
  });

  it('wires queue consumers with an SQS event source when their handler file exists', () => {
    // Redirect the consumer modules (not written yet) to an existing handler to see the wiring.
    const app = new App({ context: { ...cdkContext, ...noBundling } });
    const env = { account: '123456789012', region: 'eu-central-1' };
    const stateful = new StatefulStack(app, 'S', { env, stage: 'test' });
    const consumerModules = new Set(queues.flatMap((q) => (q.consumer ? [q.consumer.module] : [])));
    const stateless = new StatelessStack(app, 'L', {
      env,
      stage: 'test',
      stateful,
      routes: specRoutes().filter((r) => r.module === 'health'),
      handlerEntry: (m) =>
        consumerModules.has(m) ? path.join(root, 'functions', 'handlers', 'health.ts') : handlerEntry(m),
    });
    const t = Template.fromStack(stateless);
    const consumers = queues.filter((q) => q.consumer);
    expect(stateless.consumers.size).toBe(consumers.length);
    for (const q of consumers) {
      const fn = stateless.consumers.get(q.id)!;
      t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalId(fn) },
        BatchSize: q.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ...(q.maxBatchingWindowSeconds && !q.fifo
          ? { MaximumBatchingWindowInSeconds: q.maxBatchingWindowSeconds }
          : {}),
      });
      t.hasResourceProperties('AWS::Lambda::Function', {
        Handler: `index.${q.consumer!.export}`,
        Timeout: Match.anyValue(),
        Runtime: 'nodejs22.x',
      });
      const timeout = (
        t.findResources('AWS::Lambda::Function')[logicalId(fn)] as { Properties: { Timeout: number } }
      ).Properties.Timeout;
      expect(timeout).toBeLessThanOrEqual(q.visibilityTimeoutSeconds);
      expect(timeout).toBe(
        Math.min(900, q.visibilityTimeoutSeconds - (q.fifo ? 0 : (q.maxBatchingWindowSeconds ?? 0))),
      );
    }
  });

  it('skips consumers whose handler file does not exist yet', () => {
    for (const q of queues.filter((x) => x.consumer)) {
      const exists = iys.stateless.consumers.has(q.id);
      expect(exists, q.id).toBe(fs.existsSync(handlerEntry(q.consumer!.module)));
    }
  });
});
