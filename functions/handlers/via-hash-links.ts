import { config, env } from '../adapters/env.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-hash-links.js';
import { awsLinks } from '../wiring/links.js';

/** The composition root: the reject-link use cases and their AWS ports, built once per cold start. */
const links = awsLinks();

/** Where links point: IYS_PUBLIC_URL when set, else the host the request came to. */
function baseUrl(headers: Record<string, string>): string {
  const publicUrl = config().IYS_PUBLIC_URL;
  if (publicUrl) return publicUrl.replace(/\/$/, '');
  const proto = headers['x-forwarded-proto'] ?? (env.stage() === 'local' ? 'http' : 'https');
  return `${proto}://${headers.host ?? 'localhost'}`;
}

export const operation = implement(spec, async (req) =>
  json(
    200,
    await links.createLinks(
      { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
      req.body.recipients,
      baseUrl(req.headers),
    ),
  ),
);

export const handler = apiHandler(operation);
