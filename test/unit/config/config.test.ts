import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { config, settingsTable } from '../../../functions/adapters/env.js';

const root = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('configuration', () => {
  afterEach(() => {
    delete process.env.IYS_FEED_SHARDS;
  });

  it('is read in one place: no other file under functions/ reads process.env', () => {
    const readers = sources(join(root, 'functions'))
      .filter((f) => !f.endsWith(join('adapters', 'env.ts')))
      .filter((f) => /process\.env/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(readers).toEqual([]);
  });

  it('the README lists every setting with its default (generated from functions/adapters/env.ts)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const m = /<!-- settings:start -->\n([\s\S]*?)\n<!-- settings:end -->/.exec(readme);
    expect(
      m,
      'README.md has a settings table between <!-- settings:start --> and <!-- settings:end -->',
    ).not.toBeNull();
    expect(m![1]).toBe(settingsTable());
  });

  it('refuses a bad value naming the variable, never its value', () => {
    process.env.IYS_FEED_SHARDS = 'many-shards';
    let message = '';
    try {
      config();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('IYS_FEED_SHARDS');
    expect(message).not.toContain('many-shards');
  });

  it('applies defaults, treats an empty variable as unset, and follows a changed environment', () => {
    process.env.IYS_FEED_SHARDS = '';
    expect(config().IYS_FEED_SHARDS).toBe(4);
    process.env.IYS_FEED_SHARDS = '8';
    expect(config().IYS_FEED_SHARDS).toBe(8);
  });
});
