import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs (Powertools). Callers pass only identifiers and counts: never an address, a password,
 * a token or a key. `redact` is a last line of defence for keys that must never appear.
 */
export const logger = new Logger({
  serviceName: 'iys',
  logLevel:
    (process.env.IYS_LOG_LEVEL as 'INFO' | 'DEBUG' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
});

const secretKeys =
  /^(password|access_token|refresh_token|authorization|token|recipient|recipients|secret|code|citizenName)$/i;

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
