import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Aws, Duration, NestedStack, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  IdentitySource,
  Integration,
  IntegrationType,
  LogGroupLogDestination,
  MethodLoggingLevel,
  type RequestValidator,
  ResponseType,
  RestApi,
  TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { TimeZone } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { authorizerResultTtlSeconds } from '../functions/domain/identity.js';
import { gatewayResponses, securityHeaders } from '../functions/http/gateway-responses.js';
import { grants as declaredGrants, type FunctionGrants } from '../functions/specs/grants.js';
import { type SpecRoute, specRoutes } from '../functions/specs/index.js';
import { alarms, metricsNamespace, serviceName } from '../functions/specs/metrics.js';
import { buckets, queues, registryKeys, schedules, tables } from '../functions/specs/resources.js';
import { type Acknowledgement, bindGrants } from './constructs/grants.js';
import { handlerEntry as defaultHandlerEntry, IysFunction } from './constructs/iys-function.js';
import { Portal } from './constructs/portal.js';
import type { StatefulStack } from './stateful-stack.js';

export interface StatelessStackProps extends StackProps {
  stage: string;
  stateful: StatefulStack;
  /** CloudHSM custom key store for the providers' symmetric data keys (IYS_CUSTOM_KEY_STORE_ID). */
  customKeyStoreId?: string;
  /** Stage-wide steady request rate (requests per second). @default 500 */
  throttleRate?: number;
  /** Stage-wide burst. @default 1000 */
  throttleBurst?: number;
  /** The API operations. @default specRoutes() of functions/specs/index.ts (specs only: no handler code is loaded) */
  routes?: SpecRoute[];
  /** Where a handler module's source lives. @default functions/handlers/<module>.ts (tests may redirect). */
  handlerEntry?: (module: string) => string;
  /** What each handler module may touch. @default grants of functions/specs/grants.ts */
  grants?: Readonly<Record<string, FunctionGrants>>;
}

/**
 * Fixed: changing it moves every function to another nested stack (a replacement). 8 groups hold ~600 routes
 * at ~60 resources each, far from the 500 limit.
 */
const functionStackCount = 8;

/**
 * Sensitive public paths: codes, sessions, links, the SMS webhook, applications and tokens, and ViA Frame's
 * process requests (each start sends a code).
 */
const sensitivePublic =
  /^\/(citizen\/(verifications|sessions)|r\/|channels\/|applications$|oauth2\/token$|widget\/process\/)/;

export function publicMethodThrottling(
  routes: SpecRoute[],
): Record<string, { throttlingRateLimit: number; throttlingBurstLimit: number }> {
  const out: Record<string, { throttlingRateLimit: number; throttlingBurstLimit: number }> = {};
  for (const { spec: op } of routes) {
    if (op.auth === 'bearer') continue;
    const strict = sensitivePublic.test(op.path);
    out[`${op.path}/${op.method}`] = strict
      ? { throttlingRateLimit: 10, throttlingBurstLimit: 20 }
      : { throttlingRateLimit: 50, throttlingBurstLimit: 100 };
  }
  return out;
}

const pascal = (module: string) =>
  module.replace(/(^|[-_/])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/**
 * The registry's code: the REST API (one function per catalogue operation, a TOKEN authorizer, İYS-shaped
 * gateway responses, throttling, access logs, tracing) and the queue consumers. Each function is granted
 * what functions/specs/grants.ts declares for its module, and nothing else (lib/constructs/grants.ts).
 */
export class StatelessStack extends Stack {
  readonly api: RestApi;
  readonly authorizerFunction: IysFunction;
  /** API functions by handler module. */
  readonly apiFunctions = new Map<string, IysFunction>();
  /** The nested stacks holding the API functions (sparse: index = hash bucket). */
  readonly functionStacks: NestedStack[] = [];
  /** Queue consumers by queue id (only those whose handler file exists). */
  readonly consumers = new Map<string, IysFunction>();
  /** Table stream consumers by table id. */
  readonly streamConsumers = new Map<string, IysFunction>();
  /** Scheduled jobs by schedule id. */
  readonly jobs = new Map<string, IysFunction>();
  /** Alarms on the registry's own metrics (functions/specs/metrics.ts). */
  readonly alarms: Alarm[] = [];
  /** The recipient portal: S3 + CloudFront, on the API's origin. */
  readonly portal: Portal;

  private readonly props: StatelessStackProps;
  private readonly integrations = new Map<string, Integration>();
  private readonly rolePath: string;
  private readonly functionEnvironment: Record<string, string>;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    this.props = props;
    const { stage, stateful } = props;
    const entryOf = props.handlerEntry ?? defaultHandlerEntry;
    this.rolePath = `/iys/${stage}/`;

    // The functions find each resource through the variables of functions/specs/resources.ts, holding deployed names.
    this.functionEnvironment = { IYS_STAGE: stage };
    for (const t of tables) this.functionEnvironment[t.env] = stateful.tables.get(t.id)!.table.tableName;
    for (const b of buckets) this.functionEnvironment[b.env] = stateful.buckets.get(b.id)!.bucket.bucketName;
    for (const q of queues) this.functionEnvironment[q.env] = stateful.queues.get(q.id)!.queue.queueUrl;
    for (const k of registryKeys) this.functionEnvironment[k.env] = stateful.keys.get(k.id)!.alias.aliasName;
    if (props.customKeyStoreId) this.functionEnvironment.IYS_CUSTOM_KEY_STORE_ID = props.customKeyStoreId;

    // ---- API -------------------------------------------------------------------------------------------
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR });
    this.api = new RestApi(this, 'Api', {
      restApiName: `iys-${stage}`,
      description: `İYS registry API (${stage})`,
      endpointTypes: [EndpointType.REGIONAL],
      // Handlers answer some documents base64-encoded (docs/evidence.md): API Gateway decodes these types.
      binaryMediaTypes: [
        'application/timestamp-query',
        'application/timestamp-reply',
        'application/pkcs7-signature',
        'text/csv',
      ],
      cloudWatchRole: true,
      deployOptions: {
        stageName: stage,
        throttlingRateLimit: props.throttleRate ?? 500,
        throttlingBurstLimit: props.throttleBurst ?? 1000,
        // Public methods (no provider token) get their own, lower limits per method: the one-time-code,
        // session, link, SMS webhook, application and token endpoints the lowest.
        methodOptions: publicMethodThrottling(props.routes ?? specRoutes()),
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false, // request bodies carry recipients' addresses: never in execution logs
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: true,
        }),
      },
    });
    Validations.of(this.api).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The account-level role API Gateway needs to write access and execution logs; AWS maintains this policy for exactly that use.',
      },
      {
        id: 'AwsSolutions-APIG3',
        reason:
          'WAF is attached per environment by the platform team (docs/deploy.md); the stage throttles, the authorizer caches and the handlers enforce İYS rate limits.',
      },
    );

    for (const [type, response] of Object.entries(gatewayResponses)) {
      this.api.addGatewayResponse(`Gateway${pascal(type.toLowerCase().replace(/_/g, '-'))}`, {
        type: ResponseType.of(type),
        statusCode: String(response.status),
        templates: { 'application/json': JSON.stringify(response.body) },
        responseHeaders: Object.fromEntries(
          Object.entries({ ...securityHeaders, ...('headers' in response ? response.headers : {}) }).map(
            ([k, v]) => [k, `'${v}'`],
          ),
        ),
      });
    }

    // Path parameters are declared required and checked by API Gateway; bodies are validated by the handlers
    // (zod), which answer with İYS's error codes rather than API Gateway's BAD_REQUEST_BODY.
    const validator: RequestValidator = this.api.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    this.authorizerFunction = this.makeFunction('Authorizer', entryOf('authorizer'), 'authorizer', {
      description: `İYS ${stage}: TOKEN authorizer`,
      memorySize: 256,
      timeout: Duration.seconds(10),
    });
    let authorizer: TokenAuthorizer | undefined;
    const bearerAuthorizer = () => {
      authorizer ??= new TokenAuthorizer(this, 'TokenAuthorizer', {
        handler: this.authorizerFunction,
        identitySource: IdentitySource.header('Authorization'),
        // With the authorizer's own token-state cache this bounds how long a revoked token works (60 s).
        resultsCacheTtl: Duration.seconds(authorizerResultTtlSeconds),
        validationRegex: '^[Bb][Ee][Aa][Rr][Ee][Rr] [-0-9A-Za-z_.~+/]+=*$',
      });
      return authorizer;
    };

    for (const route of props.routes ?? specRoutes()) {
      const op = route.spec;
      let fn = this.apiFunctions.get(route.module);
      if (!fn) {
        fn = this.makeFunction(`${pascal(route.module)}Fn`, entryOf(route.module), route.module, {
          scope: this.functionStackFor(route.module),
          description: `İYS ${stage}: ${op.operationId} ${op.method} ${op.path}`,
        });
        this.apiFunctions.set(route.module, fn);
      }
      const resource = this.api.root.resourceForPath(op.path);
      const pathParams = [...op.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!);
      const bearer = op.auth === 'bearer';
      const method = resource.addMethod(op.method, this.integrationFor(route.module, fn), {
        operationName: op.operationId,
        requestValidator: validator,
        requestParameters: Object.fromEntries(pathParams.map((p) => [`method.request.path.${p}`, true])),
        ...(bearer
          ? { authorizer: bearerAuthorizer(), authorizationType: AuthorizationType.CUSTOM }
          : { authorizationType: AuthorizationType.NONE }),
      });
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason: bearer
          ? 'İYS clients present the registry’s own ES256 access tokens (POST /oauth2/token), verified by the Lambda TOKEN authorizer; Cognito is not part of the İYS protocol.'
          : `${op.operationId} is reachable without a registry token by design (auth "${op.auth}").`,
      });
      if (!bearer) {
        Validations.of(method).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            op.auth === 'citizen'
              ? `${op.operationId} serves recipients (citizens), whose session is verified by the handler, not by the provider token authorizer.`
              : `${op.operationId} is public by the İYS protocol (token issue, health check, API description).`,
        });
      }
    }

    // ---- Queue consumers ---------------------------------------------------------------------------------
    // A consumer is wired only when its handler file exists: the queues and their specs come first, the
    // workers are written by other engineers and join the stack on the next synth once their file is there.
    for (const spec of queues) {
      if (!spec.consumer) continue;
      const entry = entryOf(spec.consumer.module);
      if (!fs.existsSync(entry)) continue;
      const q = stateful.queues.get(spec.id)!;
      // SQS FIFO event sources take no batching window.
      const window = spec.fifo ? 0 : (spec.maxBatchingWindowSeconds ?? 0);
      // The queue's visibility timeout bounds the function's (Lambda refuses a shorter one); the spec owns the
      // ratio (docs/bulk.md: the splitter runs up to 15 min on a 900 s queue). AWS's advice of 6× is met by
      // raising visibilityTimeoutSeconds in functions/specs/resources.ts, not here.
      const timeoutSeconds = Math.max(3, Math.min(900, spec.visibilityTimeoutSeconds - window));
      const fn = this.makeFunction(`${spec.id}Consumer`, entry, spec.consumer.module, {
        description: `İYS ${stage}: consumer of ${spec.id}`,
        handler: spec.consumer.export,
        timeout: Duration.seconds(timeoutSeconds),
        memorySize: 1024,
        ...(spec.nodeOptions ? { nodeOptions: spec.nodeOptions } : {}),
      });
      fn.addEventSource(
        new SqsEventSource(q.queue, {
          batchSize: spec.batchSize,
          ...(window ? { maxBatchingWindow: Duration.seconds(window) } : {}),
          reportBatchItemFailures: true,
        }),
      );
      this.consumers.set(spec.id, fn);
    }

    // ---- Recipient portal ---------------------------------------------------------------------------------
    this.portal = new Portal(this, 'Portal', { api: this.api, stage });

    // ---- Table streams -----------------------------------------------------------------------------------
    // Every committed consent state reaches the movement writer (functions/app/movements.ts) in order per item;
    // a failed batch is retried whole (its steps are idempotent), the filter keeps other items' records out.
    for (const t of tables) {
      if (!t.stream || !t.streamConsumer) continue;
      const c = t.streamConsumer;
      const fn = this.makeFunction(`${t.id}StreamConsumer`, entryOf(c.module), c.module, {
        description: `İYS ${stage}: stream consumer of ${t.id}`,
        handler: c.export,
        timeout: Duration.seconds(300),
        memorySize: 1024,
      });
      fn.addEventSource(
        new DynamoEventSource(stateful.tables.get(t.id)!.table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: c.batchSize,
          maxBatchingWindow: Duration.seconds(c.maxBatchingWindowSeconds),
          retryAttempts: 10_000,
          bisectBatchOnError: false,
          filters: [
            FilterCriteria.filter({ dynamodb: { NewImage: { kind: { S: FilterRule.or(...c.kinds) } } } }),
          ],
        }),
      );
      this.streamConsumers.set(t.id, fn);
    }

    // ---- Scheduled jobs (EventBridge Scheduler, Europe/Istanbul) -----------------------------------------
    for (const job of schedules) {
      const entry = entryOf(job.module);
      if (!fs.existsSync(entry)) continue;
      const fn = this.makeFunction(`${job.id}Job`, entry, job.module, {
        description: `İYS ${stage}: ${job.purpose}`,
        timeout: Duration.seconds(job.timeoutSeconds),
        memorySize: job.memorySize,
      });
      const role = new Role(this, `${job.id}SchedulerRole`, {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
        path: this.rolePath,
        description: `EventBridge Scheduler: invokes ${job.module} only`,
      });
      role.addToPolicy(
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
      );
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(fn).getLogicalId(fn.node.defaultChild as never)}.Arn>:*]`,
        reason: `The scheduler target grant covers ${job.module}'s own versions and aliases (function ARN with :*), nothing else.`,
      });
      new Schedule(this, `${job.id}Schedule`, {
        description: job.purpose,
        schedule: ScheduleExpression.expression(job.expression, TimeZone.of(job.timeZone)),
        target: new LambdaInvoke(fn, {
          retryAttempts: 2,
          role,
          ...(job.input ? { input: ScheduleTargetInput.fromObject(job.input) } : {}),
        }),
      });
      this.jobs.set(job.id, fn);
    }

    // ---- Operator alarms on the registry's own metrics (functions/specs/metrics.ts) ---------------------
    for (const a of alarms) {
      this.alarms.push(
        new Alarm(this, `${a.id}Alarm`, {
          alarmDescription: `İYS ${stage}: ${a.description}`,
          metric: new Metric({
            namespace: metricsNamespace,
            metricName: a.metric,
            dimensionsMap: { service: serviceName, ...(a.dimensions ?? {}) },
            statistic: a.statistic,
            period: Duration.minutes(a.periodMinutes),
          }),
          threshold: a.threshold,
          evaluationPeriods: a.evaluationPeriods,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
  }

  /**
   * A Lambda proxy integration with one invoke permission per function (in the function's nested stack), for
   * any method of this API's stage: LambdaIntegration would add one permission per method to the parent stack,
   * which then fills up with permissions. Only the methods wired here integrate the function.
   */
  private integrationFor(module: string, fn: IysFunction): Integration {
    let integration = this.integrations.get(module);
    if (!integration) {
      fn.addPermission('ApiInvoke', {
        principal: new ServicePrincipal('apigateway.amazonaws.com'),
        // The stage by name, not through the Stage resource: that would make the nested stack depend on the
        // deployment, which depends on the methods, which depend on the nested stack.
        sourceArn: this.api.arnForExecuteApi('*', '/*', this.props.stage),
      });
      integration = new Integration({
        type: IntegrationType.AWS_PROXY,
        integrationHttpMethod: 'POST',
        uri: `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}:lambda:path/2015-03-31/functions/${fn.functionArn}/invocations`,
      });
      this.integrations.set(module, integration);
    }
    return integration;
  }

  /**
   * API functions live in nested stacks (a function costs ~5 CloudFormation resources: function, role,
   * policy, log group, permission; a stack holds at most 500). A module always lands in the same nested stack
   * (a hash of its name), so adding or removing routes never moves other functions between stacks.
   */
  private functionStackFor(module: string): NestedStack {
    const index = createHash('sha256').update(module).digest().readUInt32BE(0) % functionStackCount;
    let stack = this.functionStacks[index];
    if (!stack) {
      stack = new NestedStack(this, `Functions${index}`, {
        description: `İYS ${this.props.stage}: API functions (group ${index})`,
      });
      this.functionStacks[index] = stack;
    }
    return stack;
  }

  /** A function with the common environment and the grants its module declares (functions/specs/grants.ts). */
  private makeFunction(
    id: string,
    entry: string,
    module: string,
    options: {
      description: string;
      memorySize?: number;
      timeout?: Duration;
      handler?: string;
      scope?: Construct;
      /** Extra V8 flags (NODE_OPTIONS) for this function. */
      nodeOptions?: string;
    },
  ): IysFunction {
    const { scope = this, nodeOptions, ...functionOptions } = options;
    const { stateful, stage, customKeyStoreId } = this.props;
    // A module without a declaration is an error, not a function without rights: it would fail at run time.
    const declared = (this.props.grants ?? declaredGrants)[module];
    if (!declared)
      throw new Error(`no grants declared for handler module ${module} (functions/specs/grants.ts)`);
    const environment: Record<string, string> = { ...this.functionEnvironment };
    if (nodeOptions) environment.NODE_OPTIONS = `--enable-source-maps ${nodeOptions}`;
    const fn = new IysFunction(scope, id, {
      entry,
      rolePath: this.rolePath,
      environment,
      ...functionOptions,
    });
    const role = fn.role!;
    const acks: Acknowledgement[] = [
      {
        id: 'AwsSolutions-L1',
        reason:
          'The project pins Node.js 22 (the `node` devDependency, .nvmrc); functions move to a newer runtime together with the toolchain.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions (added by active tracing).',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(fn).getLogicalId(fn.functionLogGroup.node.defaultChild as never)}.Arn>:*]`,
        reason: 'Log streams of the function’s own log group: stream names are created at run time.',
      },
      ...bindGrants(fn, declared, { stateful, stage, ...(customKeyStoreId ? { customKeyStoreId } : {}) }),
    ];
    for (const ack of acks) Validations.of(fn).acknowledge(ack);
    Validations.of(role).acknowledge(...acks);
    return fn;
  }
}
