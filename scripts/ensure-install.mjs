#!/usr/bin/env node
// Runs before `npm start` and `npm test` with whatever Node the machine has (>= 18): installs the project's
// packages (which bring the pinned Node 22 for the npm scripts) when they are missing or stale, and checks
// that the local AWS (moto's server) is available unless AWS_ENDPOINT_URL points elsewhere.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const lock = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.package-lock.json');
const pinnedNode = join(root, 'node_modules', '.bin', 'node');

const stale =
  !existsSync(marker) || !existsSync(pinnedNode) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  process.stdout.write('Installing packages (npm ci)…\n');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!process.env.AWS_ENDPOINT_URL) {
  const probe = spawnSync('python3', ['-c', 'import moto, flask, flask_cors'], { stdio: 'ignore' });
  if (probe.status !== 0) {
    process.stderr.write(
      'moto server is not available. Install it with:\n  python3 -m pip install "moto[server]"\n' +
        'or point AWS_ENDPOINT_URL at a running emulator (moto, LocalStack) or at AWS.\n',
    );
    process.exit(1);
  }
}

// `--browser` (npm test): the portal's end-to-end test drives Debian's Chromium through playwright-core.
// Installed with apt when missing and possible (root, apt-get present); otherwise a notice, never a failure
// here (the test itself then says what is missing). Idempotent: nothing happens once a Chromium is found.
if (process.argv.includes('--browser')) {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  );
  const found = candidates.some((p) => existsSync(p));
  if (!found) {
    const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (hasApt && isRoot) {
      process.stdout.write('Installing Chromium for the portal test (apt-get install chromium)…\n');
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const u = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
      const i =
        u.status === 0
          ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
              stdio: 'inherit',
              env,
            })
          : u;
      if (i.status !== 0)
        process.stderr.write('Chromium could not be installed; the portal browser test will fail.\n');
    } else {
      process.stderr.write(
        'Chromium not found and cannot be installed here (needs apt-get as root). Install it (e.g. `sudo apt-get install chromium`) or set CHROMIUM_PATH.\n',
      );
    }
  }
}
