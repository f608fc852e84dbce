import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The project's import graph, read from the source (static `import`/`export … from` and `import()` of
 * relative paths): what the architecture tests check. Type-only imports count too: a cycle of types is
 * still two modules that cannot be understood apart.
 */
export const root = resolve(import.meta.dirname, '../../..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const specifier = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

const typeOnly = /^\s*(?:import|export)\s+type\s/;

/** The graph; with `values`, type-only imports (`import type …`) are left out: what a module runs. */
export function importGraph(dirs: string[], opts: { values?: boolean } = {}): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const d of dirs)
    for (const f of files(join(root, d))) {
      const src = readFileSync(f, 'utf8');
      const deps: string[] = [];
      for (const m of src.matchAll(specifier)) {
        const spec = m[1] ?? m[2]!;
        if (!spec.startsWith('.')) continue;
        if (opts.values && typeOnly.test(m[0])) continue;
        const target = resolve(dirname(f), spec).replace(/\.js$/, '.ts');
        deps.push(relative(root, target));
      }
      graph.set(relative(root, f), deps);
    }
  return graph;
}

/** Every cycle found by a depth-first walk (each reported once, from its first module in walk order). */
export function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const walk = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      if (!graph.has(d)) continue;
      if (state.get(d) === 'open') found.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) walk(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) walk(n);
  return found;
}
