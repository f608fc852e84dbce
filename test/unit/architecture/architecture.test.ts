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
