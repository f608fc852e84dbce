import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * Each page's JavaScript, gzip-compressed, stays under 150 kB: the page's scripts and every module they
 * import, statically or on demand (the console loads its sections lazily; all of them are counted).
 */
const root = resolve(import.meta.dirname, '../../..');
const LIMIT = 150 * 1024;

/** "/portal/format.js" → portal/format.js; "./ui.js" relative to the importing file. */
function resolveSpecifier(from: string, spec: string): string {
  return spec.startsWith('/') ? join(root, spec) : resolve(dirname(from), spec);
}

function moduleGraph(page: string): string[] {
  const html = readFileSync(page, 'utf8');
  const queue = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => join(root, m[1]!));
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const js = readFileSync(file, 'utf8');
    for (const m of js.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)|^import\s+'([^']+)'/gm))
      queue.push(resolveSpecifier(file, (m[1] ?? m[2] ?? m[3])!));
  }
  return [...seen].sort();
}

const gz = (files: string[]) => files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);

describe('page weight', () => {
  for (const page of ['portal/index.html', 'console/index.html']) {
    it(`${page}: all its JavaScript under 150 kB gzip`, () => {
      const files = moduleGraph(join(root, page));
      expect(files.length).toBeGreaterThan(1);
      const raw = files.reduce((n, f) => n + readFileSync(f).length, 0);
      const size = gz(files);
      console.info(
        `${page}: ${files.length} modules, ${(raw / 1024).toFixed(1)} kB, gzip ${(size / 1024).toFixed(1)} kB`,
      );
      expect(size).toBeLessThan(LIMIT);
    });
  }

  it('finds every module of the console, the lazily loaded sections included', () => {
    const files = moduleGraph(join(root, 'console/index.html')).map((f) => f.slice(root.length + 1));
    expect(files).toEqual(expect.arrayContaining(['console/app.js', 'console/bulk.js', 'portal/format.js']));
  });
});
