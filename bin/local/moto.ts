import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Starts moto's server (the local AWS) on 127.0.0.1, waits until it answers, and stops it on exit.
 * Needs `moto[server]` for Python 3 (the README says how to get it).
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function motoCommand(): { cmd: string; args: string[] } | undefined {
  const probe = spawnSync('python3', ['-c', 'import moto, flask, flask_cors; print(moto.__version__)'], {
    encoding: 'utf8',
  });
  if (probe.status === 0) return { cmd: 'python3', args: ['-m', 'moto.server'] };
  const direct = spawnSync('moto_server', ['--help'], { encoding: 'utf8' });
  if (direct.status === 0) return { cmd: 'moto_server', args: [] };
  return undefined;
}

export interface Moto {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startMoto(port?: number): Promise<Moto> {
  const command = motoCommand();
  if (!command) {
    throw new Error(
      'moto server not found. Install it with: python3 -m pip install "moto[server]" (or set AWS_ENDPOINT_URL to a running emulator).',
    );
  }
  const p = port ?? (await freePort());
  const child: ChildProcess = spawn(command.cmd, [...command.args, '-H', '127.0.0.1', '-p', String(p)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ACCOUNT_ID: process.env.MOTO_ACCOUNT_ID ?? '000000000000' },
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto server exited early: ${stderr}`);
    try {
      const r = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      if (r.status < 500) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto server did not answer on ${endpoint}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { endpoint, stop: stopOnExit(child) };
}

/**
 * Ties an emulator's process to ours: killed when this process exits, and the returned stop() ends it
 * (SIGTERM, then SIGKILL after 3 s) and resolves once it has exited.
 */
export function stopOnExit(child: ChildProcess, after?: () => void): () => Promise<void> {
  const kill = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  return () =>
    new Promise<void>((resolve) => {
      process.removeListener('exit', kill);
      const done = () => {
        after?.();
        resolve();
      };
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
      setTimeout(() => {
        if (child.exitCode === null) child.kill('SIGKILL');
      }, 3000).unref();
    });
}

export async function resetMoto(endpoint: string): Promise<void> {
  await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
}
