import { inject } from 'vitest';
import { resetDynamoLocal } from '../../bin/local/dynamodb-local.js';
import { resetMoto } from '../../bin/local/moto.js';
import { type RunningSystem, startSystem } from '../../bin/local/system.js';
import { AnswerLog } from './answers.js';

process.env.IYS_LOG_LEVEL ??= 'SILENT';
process.env.IYS_SCRYPT_N ??= '1024'; // tests only: fast password hashing (production default 2^15)

export interface TestSystem extends RunningSystem {
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  login(username: string, password: string): Promise<{ access_token: string; refresh_token: string }>;
}

/** Starts the whole local system in this test file's process against the shared emulator (wiped first). */
export async function startTestSystem(opts: { seedPath?: string; now?: string } = {}): Promise<TestSystem> {
  const endpoint = inject('awsEndpoint');
  const dynamoEndpoint = inject('dynamoEndpoint');
  // Emulators this run started (on 127.0.0.1) are wiped between files; someone else's never are.
  if (endpoint.includes('127.0.0.1')) await resetMoto(endpoint);
  if (dynamoEndpoint !== endpoint && dynamoEndpoint.includes('127.0.0.1'))
    await resetDynamoLocal(dynamoEndpoint);
  const sys = await startSystem({ endpoint, dynamoEndpoint, port: 0, ...opts });
  const answers = new AnswerLog();
  const call: TestSystem['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined = o.raw;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const r = await fetch(sys.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await r.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    answers.record(method, path, r.status, parsed);
    return { status: r.status, body: parsed, text, headers: r.headers };
  };
  const login: TestSystem['login'] = async (username, password) => {
    const r = await call('POST', '/oauth2/token', { body: { grant_type: 'password', username, password } });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
    return r.body;
  };
  /** Stops the system; refuses (after stopping) when an error answered here is not in its operation's spec. */
  const stop = async () => {
    await sys.stop();
    const missing = answers.undocumented();
    if (process.env.IYS_ANSWERS_REPORT) {
      const { appendFileSync, mkdirSync } = await import('node:fs');
      mkdirSync('.local', { recursive: true });
      for (const m of missing) appendFileSync(process.env.IYS_ANSWERS_REPORT, `${JSON.stringify(m)}\n`);
    }
    if (missing.length)
      throw new Error(
        `answered but not documented in the operation's spec: ${missing.map((m) => `${m.operationId} ${m.status} ${m.code}`).join(', ')}`,
      );
  };
  return { ...sys, call, login, stop };
}
