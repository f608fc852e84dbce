// npm test: every test with the coverage gate over functions/ (≥ 90 % of lines), then the unit tests alone
// with the use cases' gate (≥ 80 % of functions/app/ lines): vitest.config.ts. Arguments (reporters, an
// output file) go to the first run; naming test files or a filter runs just those, without the gates.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const args = process.argv.slice(2);
const run = (extra, env = {}) =>
  spawnSync(process.execPath, [vitest, 'run', ...extra], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  }).status ?? 1;

// A positional argument (not the value of an option written without '=') names test files.
const positional = args.some((a, i) => !a.startsWith('-') && !/^-[^=]*$/.test(args[i - 1] ?? ''));
const filtered =
  positional ||
  args.some((a) => a === '-t' || a.startsWith('--testNamePattern') || a.startsWith('--project'));
if (filtered) process.exit(run(args));
let status = run(['--coverage.enabled', ...args]);
if (status === 0) status = run(['--project', 'unit', '--coverage.enabled'], { IYS_COVERAGE: 'unit' });
process.exit(status);
