import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localSystemNodeFlags } from '../../../bin/local/system.js';

/**
 * The local system's process runs with a bounded V8 heap (bin/local/system.ts `localSystemNodeFlags`):
 * `npm start` and the benchmarks' system child (bench/system-child.ts) alike, and the flag reaches V8
 * through tsx (docs/benchmarks.md, "End to end": peak RSS of the system process).
 */
const root = join(import.meta.dirname, '../../..');

describe('the local system heap cap', () => {
  it('`npm start` passes the same V8 flags as the benchmarks give their system process', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const start = pkg.scripts.start!.split(/\s+/);
    const tsx = start.indexOf('tsx');
    const script = start.indexOf('bin/local.ts');
    expect(tsx).toBeGreaterThanOrEqual(0);
    expect(script).toBeGreaterThan(tsx);
    // The flags sit between tsx and the script, where tsx hands them to node.
    expect(start.slice(tsx + 1, script)).toEqual([...localSystemNodeFlags]);
  });

  it('tsx hands the flags to V8: the old space is capped', () => {
    const cap = Number(/--max-old-space-size=(\d+)/.exec(localSystemNodeFlags.join(' '))?.[1]);
    expect(cap).toBeGreaterThan(0);
    const r = spawnSync(
      join(root, 'node_modules/.bin/tsx'),
      [
        ...localSystemNodeFlags,
        '-e',
        'process.stdout.write(String(require("node:v8").getHeapStatistics().heap_size_limit))',
      ],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const limitMB = Number(r.stdout) / 1048576;
    // The limit is the old space plus the young generation (3 semi-spaces: two and V8's reserve).
    const semi = Number(/--max-semi-space-size=(\d+)/.exec(localSystemNodeFlags.join(' '))?.[1] ?? 16);
    expect(limitMB).toBeGreaterThanOrEqual(cap + 2 * semi);
    expect(limitMB).toBeLessThanOrEqual(cap + 3 * semi);
  });
});
