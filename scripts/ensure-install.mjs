#!/usr/bin/env node
// Runs before `npm start` and `npm test` with whatever Node the machine has (>= 20.11, package.json
// devEngines): installs the project's packages (which bring the pinned Node 22 for the npm scripts) when they
// are missing or stale, and checks that the local AWS (moto's server) is available unless AWS_ENDPOINT_URL
// points elsewhere. Each step it takes is one line with its duration (docs/local.md); npm's summary is
// replaced by that line, its warnings and errors are shown as they are.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const lock = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.package-lock.json');
const pinnedNode = join(root, 'node_modules', '.bin', 'node');

const stale =
  !existsSync(marker) || !existsSync(pinnedNode) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
/** `label… 12.3 s` on one line: the label when the step starts, its duration when it ends. */
function step(label, run) {
  process.stdout.write(`${label}… `);
  const started = performance.now();
  const ok = run();
  process.stdout.write(
    `${ok ? '' : 'failed after '}${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return ok;
}

if (stale) {
  let r;
  const ok = step('installing packages (npm ci)', () => {
    r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, encoding: 'utf8' });
    return r.status === 0;
  });
  // npm's summary ("added 177 packages") is the step line's; whatever npm says on stderr is always shown.
  if (!ok) process.stderr.write(`${r.stdout ?? ''}${r.error ? `${r.error.message}\n` : ''}`);
  process.stderr.write(r.stderr ?? '');
  if (!ok) process.exit(r.status || 1);
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
