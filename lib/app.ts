import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

/** Feature flags the app relies on; cdk.json may set them (and should: see docs/deploy.md). */
export const featureFlags: Record<string, unknown> = {
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

/** Where synthesis runs when no account/region is configured (offline `cdk synth`). */
export const fallbackRegion = 'eu-central-1';

export interface IysAppOptions {
  /** Overrides CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION (tests). */
  account?: string;
  region?: string;
  /** Register the cdk-nag AwsSolutions pack as a synthesis validation plugin. @default true */
  nag?: boolean;
}

export interface IysApp {
  app: App;
  stage: string;
  region: string;
  stateful: StatefulStack;
  stateless: StatelessStack;
  nag?: AwsSolutionsChecks;
}

/** Context values arrive as JSON from cdk.json and as plain strings from `-c key=value`. */
export function listContext(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  if (text.startsWith('[')) return (JSON.parse(text) as unknown[]).map(String);
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function stringContext(app: App, key: string): string | undefined {
  const v = app.node.tryGetContext(key) as unknown;
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

function numberContext(app: App, key: string): number | undefined {
  const v = stringContext(app, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`context ${key} must be a positive number, got ${v}`);
  return n;
}

/**
 * The CLI always sets CDK_DEFAULT_REGION, falling back to us-east-1 when nothing is configured. With
 * credentials (an account is known) its region is the deployment's and is checked against the allow-list;
 * without credentials (offline synth) only an explicit AWS_REGION / AWS_DEFAULT_REGION counts, else
 * eu-central-1.
 */
function resolveRegion(account: string | undefined): string {
  const explicit = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (account) return process.env.CDK_DEFAULT_REGION || explicit || fallbackRegion;
  return explicit || fallbackRegion;
}

/**
 * The İYS CDK app: a stateful stack (data, retained) and a stateless stack (API and workers) per stage.
 *
 * Context: `iys:stage` (default dev), `iys:allowedRegions` (data residency: synthesis refuses any other
 * region), `iys:customKeyStoreId` (CloudHSM key store for provider data keys), `iys:throttleRate` and
 * `iys:throttleBurst` (stage throttling), `iys:region` (forces the region, e.g. for an offline synth).
 */
export function buildIysApp(app: App = new App(), options: IysAppOptions = {}): IysApp {
  // Server access logs are delivered under a bucket policy, not the legacy LogDeliveryWrite ACL (which needs
  // ACLs enabled on the log bucket). Belongs in cdk.json; set here until it is, unless cdk.json says otherwise.
  // Cross-stack references (stateful → stateless) stay strong: CloudFormation refuses to remove an export
  // still imported, which protects the data stack. Also belongs in cdk.json.
  for (const [flag, value] of Object.entries(featureFlags)) {
    if (app.node.tryGetContext(flag) === undefined) app.node.setContext(flag, value);
  }
  const stage = stringContext(app, 'iys:stage') ?? 'dev';
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage))
    throw new Error(`iys:stage must be lower-case letters, digits, dashes: ${stage}`);
  const account = options.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const region = options.region ?? stringContext(app, 'iys:region') ?? resolveRegion(account);
  const allowed = listContext(app.node.tryGetContext('iys:allowedRegions'));
  if (allowed.length === 0)
    throw new Error('context iys:allowedRegions is empty: list the regions data may reside in');
  if (!allowed.includes(region)) {
    throw new Error(
      `region ${region} is not in iys:allowedRegions (${allowed.join(', ')}): the registry's data must stay in an allowed region`,
    );
  }
  const env = { ...(account ? { account } : {}), region };
  const customKeyStoreId = stringContext(app, 'iys:customKeyStoreId');

  const stateful = new StatefulStack(app, `iys-${stage}-stateful`, {
    env,
    stage,
    description: `İYS registry (${stage}): tables, buckets, queues, keys`,
    terminationProtection: stage === 'prod',
  });
  const stateless = new StatelessStack(app, `iys-${stage}-stateless`, {
    env,
    stage,
    stateful,
    ...(customKeyStoreId ? { customKeyStoreId } : {}),
    ...(numberContext(app, 'iys:throttleRate')
      ? { throttleRate: numberContext(app, 'iys:throttleRate') }
      : {}),
    ...(numberContext(app, 'iys:throttleBurst')
      ? { throttleBurst: numberContext(app, 'iys:throttleBurst') }
      : {}),
    description: `İYS registry (${stage}): API and workers`,
  });
  stateless.addStackDependency(stateful);
  for (const scope of [stateful, stateless]) {
    Tags.of(scope).add('iys:stage', stage);
    Tags.of(scope).add('project', 'iys-registry');
  }

  let nag: AwsSolutionsChecks | undefined;
  if (options.nag !== false) {
    nag = new AwsSolutionsChecks(app);
    Validations.of(app).addPlugins(nag);
  }
  return { app, stage, region, stateful, stateless, ...(nag ? { nag } : {}) };
}
