import { Logger } from '@aws-lambda-powertools/logger';
import { config } from './env.js';

/**
 * Structured JSON logs (Powertools), with the Lambda context added by each entry (functions/adapters/
 * observability.ts). Callers pass only identifiers and counts: never an address, a password, a token or a
 * key. The redaction below is wired into the logger's serialisation as the last line of defence: a field
 * with one of these names is never written, at any depth.
 */
const secretKeys =
  /^(password|access_token|refresh_token|authorization|token|recipient|recipients|secret|code|citizenName|ct|dk)$/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        secretKeys.test(k) ? '[redacted]' : redact(v),
      ]),
    );
  }
  return value;
}

/** JSON.stringify's replacer: the same rule as `redact`, applied while the log line is written. */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key && secretKeys.test(key)) return '[redacted]';
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export const logger = new Logger({
  serviceName: 'iys',
  logLevel: config().IYS_LOG_LEVEL,
  jsonReplacerFn: redactingReplacer,
});
