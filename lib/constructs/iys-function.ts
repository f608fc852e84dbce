import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { swaggerUiFiles } from '../../functions/specs/api-docs-file.js';
import { source, sourceFiles } from './module-graph.js';
import { projectRoot } from './paths.js';

export { projectRoot };

/** Where `functions/handlers/<module>.ts` lives. */
export function handlerEntry(module: string): string {
  return path.join(projectRoot, 'functions', 'handlers', `${module}.ts`);
}

const viaFrameFiles: Record<string, string[]> = {
  'via-frame-loader': ['loader.js'],
  'via-frame-asset': ['frame.js', 'frame.css'],
};

/**
 * Files a handler module reads beside its bundle at run time (name in the asset → absolute path): esbuild
 * bundles code, not these. The API reference's files come from the npm package swagger-ui-dist.
 */
export function filesBeside(entry: string): Record<string, string> {
  // ViA Frame's loader, script and style sheet (widget/), read by their handlers (functions/http/frame.ts).
  const widgetFiles = viaFrameFiles[path.basename(entry, '.ts')];
  if (widgetFiles)
    return Object.fromEntries(widgetFiles.map((name) => [name, path.join(projectRoot, 'widget', name)]));
  if (path.basename(entry, '.ts') !== 'api-docs-file') return {};
  const dir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return Object.fromEntries(
    Object.entries(swaggerUiFiles).map(([name, file]) => [name, path.join(dir, file)]),
  );
}

/**
 * ESM bundles still meet CommonJS code that calls `require` (some transitive dependencies do, e.g. for
 * node built-ins); Node's ESM scope has no `require`, so the bundle defines one.
 */
export const esmRequireBanner =
  "import { createRequire as __iysCreateRequire } from 'node:module'; const require = __iysCreateRequire(import.meta.url);";

/**
 * The one bundling configuration every function uses. esbuild runs locally from the project's devDependency
 * (never Docker). The AWS SDK v3 (`@aws-sdk/*`, `@smithy/*`) is taken from the Lambda runtime, which ships
 * it: bundling it costs ~370 kB per function and pushed the consent handlers over the 1 MB budget
 * (architecture.md §5; zod and libphonenumber's full metadata are the rest). The code uses only long-stable
 * SDK v3 APIs; test/infra/bundle.test.ts checks the heaviest handlers against the budget.
 */
export const bundling: BundlingOptions = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  target: 'node22',
  platform: 'node',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  externalModules: ['@aws-sdk/*', '@smithy/*'],
  banner: esmRequireBanner,
};

/**
 * The bundle's cache key: the bundling options, the entry and handler, every project file the entry reaches
 * through relative imports, and package-lock.json. With a custom asset hash CDK reuses `cdk.out/asset.<hash>`
 * from an earlier synth instead of running esbuild again, so a synth after a change re-bundles only the
 * functions whose inputs changed (the OpenAPI function, which imports the catalogue of specs, re-bundles with any route).
 */
export function bundleHash(entry: string, handler: string): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ bundling, handler, entry: path.relative(projectRoot, entry), v: 1 }));
  for (const file of [...sourceFiles(entry), path.join(projectRoot, 'package-lock.json')]) {
    hash.update(`\0${path.relative(projectRoot, file)}\0`);
    hash.update(source(file));
  }
  for (const [name, file] of Object.entries(filesBeside(entry))) {
    hash.update(`\0beside:${name}\0`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

export interface IysFunctionProps
  extends Omit<
    NodejsFunctionProps,
    'runtime' | 'architecture' | 'tracing' | 'bundling' | 'logGroup' | 'role'
  > {
  /** Absolute path of the handler module (see handlerEntry). */
  entry: string;
  /** IAM path of the execution role, e.g. `/iys/prod/`: provider key policies trust roles by this path. */
  rolePath?: string;
  /** @default RetentionDays.ONE_MONTH */
  logRetention?: RetentionDays;
}

/**
 * Every Lambda function of the registry: Node.js 22 on arm64, X-Ray tracing, its own log group with a
 * retention, an execution role holding only what the stacks grant (logging is granted to its own log group
 * instead of the AWSLambdaBasicExecutionRole managed policy), and the project's esbuild bundling.
 *
 * Bundling is skipped when the stack is not selected for bundling (context `aws:cdk:bundling-stacks` = []),
 * which is how the infra tests synthesise quickly.
 */
export class IysFunction extends NodejsFunction {
  readonly functionLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: IysFunctionProps) {
    const { rolePath, logRetention, environment, ...rest } = props;
    // Created as siblings because a constructor may not use `this` before super().
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      ...(rolePath ? { path: rolePath } : {}),
      description: `Execution role of ${id}`,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    super(scope, id, {
      memorySize: 512,
      timeout: Duration.seconds(29),
      ...rest,
      entry: props.entry,
      handler: props.handler ?? 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      bundling: {
        ...bundling,
        assetHash: bundleHash(props.entry, props.handler ?? 'handler'),
        ...besideHooks(filesBeside(props.entry)),
      },
      environment: { NODE_OPTIONS: '--enable-source-maps', ...environment },
    });
    this.functionLogGroup = logGroup;
  }
}

/** Copies the files a module reads beside its bundle into the asset, after esbuild (local bundling). */
function besideHooks(files: Record<string, string>): Pick<BundlingOptions, 'commandHooks'> {
  if (Object.keys(files).length === 0) return {};
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  return {
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_input: string, output: string) =>
        Object.entries(files).map(([name, file]) => `cp ${quote(file)} ${quote(path.join(output, name))}`),
    },
  };
}
