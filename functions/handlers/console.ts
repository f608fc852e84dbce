import { join } from 'node:path';
import { portalCsp } from '../http/html.js';
import { portalHeaders, type SiteFile, siteFile } from './portal.js';

/**
 * The provider console's static files (console/). Served like the portal: locally by the local runtime at
 * /console/, in AWS from the portal's bucket behind CloudFront on the API's origin (lib/constructs/portal.ts).
 */
const root = join(import.meta.dirname, '../../console');

/**
 * The portal's policy, plus the only other places the console talks to: the uploads and reports buckets,
 * since a bulk file goes from the browser straight to its presigned URL and its report comes back the same
 * way (docs/web.md).
 */
export function consoleCsp(bucketOrigins: string[]): string {
  return portalCsp.replace("connect-src 'self'", ['connect-src', "'self'", ...bucketOrigins].join(' '));
}

/** Origins of the buckets' presigned URLs: the S3 endpoint when one is set (local), else AWS's hosts. */
export function bucketOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  if (endpoint) return [new URL(endpoint).origin];
  const region = env.AWS_REGION ?? 'eu-central-1';
  return [env.IYS_BUCKET_UPLOADS, env.IYS_BUCKET_REPORTS].map(
    (b) => `https://${b}.s3.${region}.amazonaws.com`,
  );
}

export function consoleFile(name: string): Promise<SiteFile> {
  return siteFile(root, name, { ...portalHeaders, 'content-security-policy': consoleCsp(bucketOrigins()) });
}
