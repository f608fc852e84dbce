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

/** JSON.stringify's replacer, applied while each log line is written (Powertools still formats errors and bigints). */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key && secretKeys.test(key)) return '[redacted]';
  return value;
}

export const logger = new Logger({
  serviceName: 'iys',
  logLevel: config().IYS_LOG_LEVEL,
  jsonReplacerFn: redactingReplacer,
});
