/**
 * `npm run bench`: runs every bench module in this folder (a `bench/*.ts` file that exports `run()`), one
 * after the other, and prints one JSON document keyed by module name. `npm run bench -- bulk consents` runs
 * only the named ones. Helper modules (no `run` export) are skipped. Options for the modules may follow
 * (`npm run bench -- load --clients 50 --seconds 20`, bench/options.ts): they are not module names.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { moduleNames } from './options.js';

// Quiet logs before any module (and its logger) loads: stdout is the JSON document.
process.env.IYS_LOG_LEVEL ??= 'SILENT';
process.env.IYS_SCRYPT_N ??= '1024';
// The benchmark measures the system, not İYS's 10 requests per second per IP (docs/limits.md).
process.env.IYS_RATE_IP_PER_SECOND ??= '0';

const only = new Set(moduleNames(process.argv.slice(2)));
const names = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => basename(f, '.ts'))
  .filter((n) => !only.size || only.has(n))
  .sort();

const results: Record<string, unknown> = {};
for (const name of names) {
  const mod = (await import(pathToFileURL(join(import.meta.dirname, `${name}.ts`)).href)) as {
    run?: () => Promise<unknown>;
  };
  if (typeof mod.run !== 'function') continue;
  process.stderr.write(`bench: ${name}…\n`);
  const started = performance.now();
  results[name] = await mod.run();
  // Each module's result as soon as it is known (a later module's failure does not lose it).
  process.stderr.write(`bench: ${name} result ${JSON.stringify(results[name])}\n`);
  process.stderr.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
process.exit(0);
