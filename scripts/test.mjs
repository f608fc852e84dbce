// npm test: every test once, with both coverage gates (vitest.config.ts): the unit project alone (the use
// cases' gate, ≥ 80 % of functions/app/ lines) beside the integration and infrastructure projects, each into
// a blob report, then one merge of the two (the gate over functions/, ≥ 90 % of lines, on the merged coverage).
// The two run at once because the integration project runs its files one after the other and leaves most of
// a second core idle; the unit run's output is printed when it ends, so the two reports do not interleave.
// Reporter arguments (--reporter, --outputFile) go to the merge, which reports every test of both runs; other
// options go to both runs. Naming test files or a filter runs just those, once, without the gates.

import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
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

const reporting = [];
const options = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const target = /^--(reporter|outputFile)(\.|=|$)/.test(a) ? reporting : options;
  target.push(a);
  if (/^--(reporter|outputFile)(\.[^=]*)?$/.test(a) && args[i + 1] !== undefined) target.push(args[++i]);
}
const blobs = '.local/blob';
rmSync(blobs, { recursive: true, force: true });
// A phase resolves to its exit status; `held` keeps its output until it ends.
const phase = (name, projects, held) =>
  new Promise((resolvePhase) => {
    const child = spawn(
      process.execPath,
      [
        vitest,
        'run',
        ...projects.flatMap((p) => ['--project', p]),
        '--coverage.enabled',
        '--reporter=default',
        '--reporter=blob',
        `--outputFile.blob=${blobs}/${name}.json`,
        ...options,
      ],
      { stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, IYS_COVERAGE: name } },
    );
    const out = [];
    child.stdout?.on('data', (c) => out.push(c));
    child.stderr?.on('data', (c) => out.push(c));
    child.on('close', (code) => {
      if (held) process.stdout.write(Buffer.concat(out));
      resolvePhase(code ?? 1);
    });
  });
const [rest, unit] = await Promise.all([
  phase('rest', ['integration', 'infra'], false),
  phase('unit', ['unit'], true),
]);
const merged = run([
  `--merge-reports=${blobs}`,
  '--coverage.enabled',
  ...(reporting.length ? reporting : ['--reporter=dot']),
]);
process.exit(unit || rest || merged);
