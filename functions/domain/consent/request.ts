import { canonicalJson } from '../movement.js';

/**
 * What a consent request is about and when it is the same request again: the brand it targets and the
 * basis of its request digest (functions/domain/movement.ts `requestDigest`). The same basis gives the
 * same digest, so a repeat is answered with the transactionId first recorded and makes no new movement.
 */
export interface Target {
  iysCode: number;
  brandCode: number;
}

/** What makes a request "the same request again" (it then gets the same transactionId, no new movement). */
export type Repeat =
  | { kind: 'v1' }
  | { kind: 'v2' }
  | { kind: 'key'; key: string }
  | { kind: 'job'; id: string };

/** The digest's basis: v2, Idempotency-Key and bulk rows hash the request; v1 also hashes its second, as İYS. */
export function basisOf(t: Target, input: unknown, repeat: Repeat, seconds: number): string {
  const body = canonicalJson(input);
  switch (repeat.kind) {
    case 'v2':
      return `v2|${t.iysCode}|${t.brandCode}|${body}`;
    case 'key':
      return `key|${t.iysCode}|${t.brandCode}|${repeat.key}|${body}`;
    case 'job':
      return `job|${t.iysCode}|${t.brandCode}|${repeat.id}|${body}`;
    default:
      return `v1|${t.iysCode}|${t.brandCode}|${body}|${seconds}`;
  }
}
