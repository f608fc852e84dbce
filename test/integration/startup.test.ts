import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { resetDynamoLocal } from '../../bin/local/dynamodb-local.js';
import { resetMoto } from '../../bin/local/moto.js';
import { machineEnv } from '../unit/local/machine-env.js';

/**
 * `npm start` as a developer runs it (the machine's npm and Node, docs/local.md): one line per startup step
 * with its duration, then the ready line; never an `npm warn` line. Against the run's shared emulators.
 */
const root = join(import.meta.dirname, '../..');
let child: ChildProcess | undefined;

afterAll(async () => {
  // npm start → sh → tsx → node: the whole process group this test started.
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((r) => child!.once('exit', r));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
});

describe('npm start', () => {
  it('prints a line per step with its duration, the ready line, and no npm warnings', async () => {
    const endpoint = inject('awsEndpoint');
    const dynamoEndpoint = inject('dynamoEndpoint');
    if (endpoint.includes('127.0.0.1')) await resetMoto(endpoint);
    if (dynamoEndpoint !== endpoint && dynamoEndpoint.includes('127.0.0.1'))
      await resetDynamoLocal(dynamoEndpoint);
    child = spawn('npm', ['start'], {
      cwd: root,
      detached: true,
      env: {
        ...machineEnv(root),
        PORT: '0',
        AWS_ENDPOINT_URL: endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
        AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamoEndpoint,
        IYS_LOG_LEVEL: 'SILENT',
        IYS_SCRYPT_N: '1024',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line in 150 s:\n${out}\n${err}`)), 90_000);
      child!.stdout!.on('data', (d) => {
        out += d;
        if (/ready on http:\/\/127\.0\.0\.1:\d+ \(started in \d+\.\d s\)/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child!.on('exit', (code) => reject(new Error(`npm start exited ${code}:\n${out}\n${err}`)));
    });
    const steps = out.split('\n').filter((l) => /… \d+\.\d s$/.test(l));
    expect(steps.map((l) => l.replace(/… \d+\.\d s$/, '').replace(/ at \S+$/, ''))).toEqual([
      'connecting to AWS',
      'creating resources (tables, buckets, queues, keys)',
      'seeding the demo data',
      'starting the API and its workers',
    ]);
    expect(err).not.toMatch(/npm (warn|WARN)/);
    expect(out).not.toMatch(/npm (warn|WARN)/);
  }, 180_000);
});
