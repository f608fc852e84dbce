import { join } from 'node:path';
import { endpointOf } from '../adapters/aws.js';
import { config, env } from '../adapters/env.js';
import { consoleCsp } from '../http/html.js';
import { portalHeaders, type SiteFile, siteFile } from './portal.js';

/**
 * The provider console's static files (console/). Served like the portal: locally by the local runtime at
 * /console/, in AWS from the portal's bucket behind CloudFront on the API's origin (lib/constructs/portal.ts,
 * which sets the same policy).
 */
const root = join(import.meta.dirname, '../../console');

/** Origins of the buckets' presigned URLs: the S3 endpoint when one is set (local), else AWS's hosts. */
export function bucketOrigins(): string[] {
  const endpoint = endpointOf('S3');
  if (endpoint) return [new URL(endpoint).origin];
  const region = config().AWS_REGION ?? config().AWS_DEFAULT_REGION ?? 'eu-central-1';
  return [env.uploadsBucket(), env.reportsBucket()].map((b) => `https://${b}.s3.${region}.amazonaws.com`);
}

export function consoleFile(name: string): Promise<SiteFile> {
  return siteFile(root, name, { ...portalHeaders, 'content-security-policy': consoleCsp(bucketOrigins()) });
}
