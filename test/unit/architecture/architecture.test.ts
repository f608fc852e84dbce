import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from './imports.js';

/** The layering rules of the README's layout, read from the import graph. */

const graph = importGraph(['functions', 'lib', 'bin']);

describe('architecture', () => {
  it('the domain imports only the domain', () => {
    const outside = [...graph]
      .filter(([f]) => f.startsWith('functions/domain/'))
      .flatMap(([f, deps]) =>
        deps.filter((d) => !d.startsWith('functions/domain/')).map((d) => `${f} → ${d}`),
      );
    expect(outside).toEqual([]);
  });

  it('has no import cycles in functions/, lib/ or bin/', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('operation specs import no runtime code (only specs, schemas, the domain and the operation types)', () => {
    const allowed = /^functions\/(specs|schemas|domain)\/|^functions\/http\/operation\.ts$/;
    const bad = [...graph]
      .filter(([f]) => f.startsWith('functions/specs/'))
      .flatMap(([f, deps]) => deps.filter((d) => !allowed.test(d)).map((d) => `${f} → ${d}`));
    expect(bad).toEqual([]);
  });

  it('runtime code never imports the CDK code', () => {
    const bad = [...graph]
      .filter(([f]) => f.startsWith('functions/'))
      .flatMap(([f, deps]) => deps.filter((d) => d.startsWith('lib/')).map((d) => `${f} → ${d}`));
    expect(bad).toEqual([]);
  });

  it('the CDK app loads no handler, use case or adapter', () => {
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      for (const d of graph.get(f) ?? []) visit(d);
    };
    visit('bin/cdk.ts');
    const runtime = [...seen].filter((f) => /^functions\/(handlers|app|adapters)\//.test(f));
    expect(runtime).toEqual([]);
  });

  it('use cases, adapters and handlers keep no module-level state: what a system caches lives in its container', () => {
    // A top-level `let`, or a top-level Map/Set, is a cache a new system would inherit (functions/adapters/container.ts).
    const mutable = /^(let\s+\w+|(const|let)\s+\w+\s*(:[^=]+)?=\s*new\s+(Map|Set|WeakMap)\b)/;
    // Process-wide state that belongs to no emulator, each for its reason:
    const allowed = new Set([
      'functions/adapters/clock.ts: let offsetMs', // the local runtime's movable clock (a setting, not a cache)
      'functions/adapters/container.ts: let current', // the container itself
      'functions/adapters/env.ts: let cached', // the configuration, re-read when the environment changes
      'functions/adapters/envelope.ts: let ivPool', // random bytes for IVs, tied to no key or system
      'functions/adapters/envelope.ts: let ivOffset',
      'functions/adapters/observability.ts: let cold', // the process's first invocation (ColdStart)
      'functions/handlers/get-openapi.ts: let document', // derived from the specs alone
    ]);
    const found: string[] = [];
    for (const dir of [
      'functions/app',
      'functions/adapters',
      'functions/handlers',
      'functions/http',
      'functions/wiring',
    ]) {
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
        const lines = readFileSync(join(dir, f), 'utf8').split('\n');
        lines.forEach((l, i) => {
          const name = /^(?:const|let)\s+(\w+)/.exec(l)?.[1];
          const id = `${dir}/${f}: ${l.startsWith('let') ? 'let' : 'const'} ${name}`;
          if (mutable.test(l) && !allowed.has(id)) found.push(`${dir}/${f}:${i + 1}: ${l.trim()}`);
        });
      }
    }
    expect(found).toEqual([]);
  });

  it('use cases given their ports reach AWS only through them: no adapter or wiring at run time', () => {
    const values = importGraph(['functions'], { values: true });
    const app = [...values.keys()].filter((f) => f.startsWith('functions/app/'));
    const concrete = (f: string) =>
      (values.get(f) ?? []).filter(
        (d) => d.startsWith('functions/adapters/') || d.startsWith('functions/wiring/'),
      );
    expect(app.length).toBeGreaterThan(20);
    expect(app.flatMap((f) => concrete(f).map((d) => `${f} → ${d}`))).toEqual([]);
  });

  it('the graph checker finds a cycle when there is one', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });
});
