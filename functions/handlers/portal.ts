import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { portalCsp } from '../http/html.js';

/**
 * The recipient portal's static files (portal/). The local runtime serves them at /portal/ through this
 * module; in AWS they live in an S3 bucket behind CloudFront, which adds the same headers (docs/citizen.md).
 */
const root = join(import.meta.dirname, '../../portal');
/** Only the site's own page, scripts and styles by name (no paths, nothing else in the folder). */
const servable = /^[a-z][a-z0-9-]*\.(html|js|css)$/;
const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

export const portalHeaders: Record<string, string> = {
  'content-security-policy': portalCsp,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

export type SiteFile = { status: number; body: string; contentType: string; headers: Record<string, string> };

/** A file of a site folder (portal/, console/) by name, with the site's headers. */
export async function siteFile(
  dir: string,
  name: string,
  headers: Record<string, string>,
): Promise<SiteFile> {
  const file = name === '' ? 'index.html' : name;
  let body: string | undefined;
  if (servable.test(file)) body = await readFile(join(dir, file), 'utf8').catch(() => undefined);
  if (body === undefined)
    return { status: 404, body: 'Bulunamadı', contentType: 'text/plain; charset=utf-8', headers };
  return { status: 200, body, contentType: types[file.split('.').pop()!]!, headers };
}

export function portalFile(name: string): Promise<SiteFile> {
  return siteFile(root, name, portalHeaders);
}
