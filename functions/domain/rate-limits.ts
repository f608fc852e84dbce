/**
 * Request limits, İYS's published ones (OAS tag GİRİŞ; docs/limits.md) and ours, as fixed counting windows.
 * Pure: which limits an operation has and the window arithmetic. The numbers are settings
 * (functions/adapters/env.ts) and the counters live in the registry table (functions/http/rate-limit.ts).
 */

/** The limits' values; 0 turns a limit off. */
export interface RateLimits {
  /** Requests per client IP per second to the provider API (H124). İYS: 10. */
  ipPerSecond: number;
  /** Requests per API user per second (H124). İYS publishes none: 0 (off) by default. */
  userPerSecond: number;
  /** consentDetail requests per client IP per hour (H086). İYS: 1000. */
  consentStatusPerIpHour: number;
  /** consentsHistory requests per client IP per hour (H089). İYS: 100. */
  historyPerIpHour: number;
}

export interface RateRule {
  /** Counter name prefix (one counter per rule, caller and window). */
  name: string;
  /** The 429 code answered beyond the limit. */
  code: 'H124' | 'H086' | 'H089';
  windowSeconds: number;
  /** Who is counted: the client IP, or the API user of the access token. */
  scope: 'ip' | 'user';
  limit: keyof RateLimits;
}

const ipSecond: RateRule = {
  name: 'ip-s',
  code: 'H124',
  windowSeconds: 1,
  scope: 'ip',
  limit: 'ipPerSecond',
};
const userSecond: RateRule = {
  name: 'user-s',
  code: 'H124',
  windowSeconds: 1,
  scope: 'user',
  limit: 'userPerSecond',
};
const perOperationHour: Record<string, RateRule> = {
  consentDetail: {
    name: 'status-h',
    code: 'H086',
    windowSeconds: 3600,
    scope: 'ip',
    limit: 'consentStatusPerIpHour',
  },
  consentsHistory: {
    name: 'history-h',
    code: 'H089',
    windowSeconds: 3600,
    scope: 'ip',
    limit: 'historyPerIpHour',
  },
};

/**
 * The limits of one operation. İYS's API is the provider side: every operation called with a provider's
 * access token, and the token endpoint (which also has its hourly H084 limit, functions/app/identity.ts).
 * Recipient, portal and onboarding endpoints have their own limits (X041, X026) and API Gateway's.
 */
export function rateRules(op: { operationId: string; auth: string }): RateRule[] {
  if (op.auth !== 'bearer' && op.operationId !== 'createToken2') return [];
  const rules = [ipSecond];
  if (op.auth === 'bearer') rules.push(userSecond);
  const hourly = perOperationHour[op.operationId];
  if (hourly) rules.push(hourly);
  return rules;
}

/**
 * The fixed window `nowMs` falls in: its number, when its counter may go (TTL, a window after its end, at
 * least a minute) and the whole seconds until the next window opens (`Retry-After`, at least 1).
 */
export function fixedWindow(
  nowMs: number,
  windowSeconds: number,
): { index: number; expiresAt: number; retryAfterSeconds: number } {
  const nowS = nowMs / 1000;
  const index = Math.floor(nowS / windowSeconds);
  const end = (index + 1) * windowSeconds;
  return {
    index,
    expiresAt: end + Math.max(windowSeconds, 60),
    retryAfterSeconds: Math.max(1, Math.ceil(end - nowS)),
  };
}
