import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineEnv } from './machine-env.js';

/**
 * npm run with the machine's Node (whatever it is, ≥ 20.11) says nothing of its own, and the project's
 * scripts still run on the pinned Node 22 (the `node` devDependency). docs/local.md, "Node versions".
 */
const root = join(import.meta.dirname, '../../..');
const run = (cmd: string, args: string[], cwd = root) =>
  spawnSync(cmd, args, { cwd, env: machineEnv(root), encoding: 'utf8', timeout: 60_000 });

describe('quiet npm', () => {
  it('installing (what `npm start` and `npm test` do on a fresh clone) prints no npm warning', () => {
    // The install's engine checks, without installing: a dry run from the lockfile, in a scratch folder.
    const dir = mkdtempSync(join(tmpdir(), 'iys-install-'));
    try {
      for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(root, f), join(dir, f));
      const r = run(
        'npm',
        ['install', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'],
        dir,
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/added \d+ packages/);
      expect(r.stderr).not.toMatch(/npm warn/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('`npm run node-version` prints no npm warning and runs on the pinned Node 22', () => {
    const r = run('npm', ['run', 'node-version']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/npm warn/i);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^v22\./);
  });

  it('`npx iys` (the CLI through npm exec) prints no npm warning', () => {
    const r = run('npx', ['iys', 'help']);
    expect(r.stderr).not.toMatch(/npm warn/i);
    expect(`${r.stdout}${r.stderr}`).toContain('login, upload, status');
  });
});
