import { config, env } from '../adapters/env.js';

/** Where links in messages point: IYS_PUBLIC_URL when set, else the host the request came to. */
export function baseUrl(headers: Record<string, string>): string {
  const publicUrl = config().IYS_PUBLIC_URL;
  if (publicUrl) return publicUrl.replace(/\/$/, '');
  const proto = headers['x-forwarded-proto'] ?? (env.stage() === 'local' ? 'http' : 'https');
  return `${proto}://${headers.host ?? 'localhost'}`;
}
