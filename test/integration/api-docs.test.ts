import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsCsp } from '../../functions/http/html.js';
import { startTestSystem, type TestSystem } from './harness.js';
import { chromiumPath } from './web-helpers.js';

/**
 * The human API reference at /docs/ (Swagger UI from the npm package swagger-ui-dist) next to /openapi.json,
 * through the local system: the page, its files, their types and policy; then in headless Chromium, where
 * it renders every operation of the document with nothing blocked by the policy and no request elsewhere.
 */
let sys: TestSystem;
let browser: Browser | undefined;
const packaged = (f: string) =>
  readFileSync(join(import.meta.dirname, '../../node_modules/swagger-ui-dist', f), 'utf8');

beforeAll(async () => {
  sys = await startTestSystem();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

describe('API reference', () => {
  it('serves /docs/ with the policy that allows this origin only, and scripts only by file', async () => {
    for (const path of ['/docs/', '/docs']) {
      const r = await sys.call('GET', path);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('content-security-policy')).toBe(docsCsp);
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      const scripts = [...r.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.map((m) => /src="([^"]+)"/.exec(m[1]!)?.[1])).toEqual([
        '/docs/swagger-ui-bundle.js',
        '/docs/api-docs.js',
      ]);
      expect(scripts.map((m) => m[2]!.trim())).toEqual(['', '']);
      expect(r.text).toContain('<link rel="stylesheet" href="/docs/swagger-ui.css">');
    }
    expect(docsCsp).not.toMatch(/https?:|unsafe|\*/);
    // data: only for images (Swagger UI's icons are data: SVGs in its style sheet).
    expect(docsCsp.split('; ').filter((d) => d.includes('data:'))).toEqual(["img-src 'self' data:"]);
  });

  it('serves Swagger UI’s files from the package and our start script, and nothing else', async () => {
    const js = await sys.call('GET', '/docs/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(docsCsp);
    expect(js.text).toBe(packaged('swagger-ui-bundle.js'));
    const css = await sys.call('GET', '/docs/swagger-ui.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.text).toBe(packaged('swagger-ui.css'));
    const start = await sys.call('GET', '/docs/api-docs.js');
    expect(start.status).toBe(200);
    expect(start.text).toContain("url: '/openapi.json'");
    expect(start.text).toContain('validatorUrl: null');
    for (const name of ['package.json', 'index.html', '..%2Fpackage.json']) {
      const r = await sys.call('GET', `/docs/${name}`);
      expect(r.status).toBe(404);
      expect(r.body.errors[0].code).toBe('X002');
    }
  });

  it('renders every operation of /openapi.json in a browser, nothing blocked and nothing fetched elsewhere', async () => {
    if (!chromiumPath)
      throw new Error('Chromium not found: run `npm test` (its pretest installs it) or set CHROMIUM_PATH');
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
    const page = await browser.newPage();
    const violations: string[] = [];
    const elsewhere: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (new URL(r.url()).origin !== new URL(sys.url).origin) elsewhere.push(r.url());
    });
    await page.goto(`${sys.url}/docs/`);
    const served = (await sys.call('GET', '/openapi.json')).body as { paths: Record<string, object> };
    const operations = Object.values(served.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 30_000 }).toBe(operations);
    expect(await page.locator('.info .title').textContent()).toContain('İYS registry API');
    await page.screenshot({ path: '.local/screens/api-docs.png' });
    expect(violations).toEqual([]);
    expect(elsewhere).toEqual([]);
  }, 90_000);
});
