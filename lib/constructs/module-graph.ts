import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The project files a handler module is made of: its transitive relative imports, read as text (no bundling, no
 * execution). The bundles' cache keys are built from them (iys-function.ts). Permissions are not: they are
 * declared in functions/specs/grants.ts, and test/infra/needs.ts reads this graph only to check that
 * declaration against the code. Type-only imports are not followed (erased at compile time).
 */

const sourceCache = new Map<string, string>();
export function source(file: string): string {
  let text = sourceCache.get(file);
  if (text === undefined) {
    text = fs.readFileSync(file, 'utf8');
    sourceCache.set(file, text);
  }
  return text;
}

export function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** `./x.js` as written in an ES module import → the file on disk (x.ts, x.js, x.json or x/index.ts). */
function resolveImport(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(m?js)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.mts`, base, `${stem}.js`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const importFrom = /\b(import|export)\s+(type\s+)?[^'";]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const bareImport = /\bimport\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** The files `file` imports at run time (relative imports only: packages are covered by package-lock.json). */
export function importsOf(file: string): string[] {
  if (!/\.(m?ts|m?js)$/.test(file)) return [];
  const text = withoutComments(source(file));
  const specs: string[] = [];
  for (const m of text.matchAll(importFrom)) if (!m[2]) specs.push(m[3]!);
  for (const m of text.matchAll(bareImport)) specs.push(m[1]!);
  return specs.flatMap((s) => resolveImport(file, s) ?? []);
}

/**
 * Every file reachable from `entry`; `follow(from, to)` may refuse an import edge (the edge only: `to` is still
 * entered when another edge reaches it).
 */
export function moduleGraph(
  entry: string,
  follow: (from: string, to: string) => boolean = () => true,
): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const target of importsOf(file)) if (!seen.has(target) && follow(file, target)) queue.push(target);
  }
  return seen;
}

/**
 * The project files a bundle of `entry` is made of (the whole relative-import graph, the catalogue included),
 * for the bundle's cache key; packages are covered by package-lock.json.
 */
export function sourceFiles(entry: string): string[] {
  return [...moduleGraph(entry)].sort();
}
