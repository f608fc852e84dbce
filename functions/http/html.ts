import type { Response } from './operation.js';

/**
 * Server-made HTML pages (reject links): every dynamic value escaped, and a strict Content-Security-Policy
 * (no scripts at all, forms only to this origin, not framable).
 */
export const strictCsp =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function htmlPage(status: number, title: string, bodyHtml: string): Response {
  const html = `<!doctype html>
<html lang="tr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – İYS</title><link rel="stylesheet" href="/portal/app.css"></head>
<body><main><h1>${escapeHtml(title)}</h1>
${bodyHtml}
</main></body></html>`;
  return {
    status,
    headers: {
      'content-security-policy': strictCsp,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    },
    raw: { contentType: 'text/html; charset=utf-8', data: html },
  };
}

/** The portal's policy: its own script, style and API only (served by the local runtime and CloudFront). */
export const portalCsp =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The console's policy: the portal's, plus the only other places the console talks to, the uploads and
 * reports buckets, since a bulk file goes from the browser straight to its presigned URL and its report
 * comes back the same way (docs/web.md).
 */
export function consoleCsp(bucketOrigins: string[]): string {
  return portalCsp.replace("connect-src 'self'", ['connect-src', "'self'", ...bucketOrigins].join(' '));
}

/**
 * The API reference's policy (/docs/, Swagger UI): scripts, styles and requests (the document and "Try it
 * out") from this origin only; no inline script, no other origin, not framable. Images also as `data:`:
 * Swagger UI's own style sheet draws its icons as data: SVGs (a data: image is no origin and fetches nothing).
 */
export const docsCsp =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
