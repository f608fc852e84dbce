/**
 * A verification the registry sends a recipient on a provider's behalf (ViA, ViA PASS, ViA Frame): a one-time
 * code (OTP) or a one-off link. Pure rules, shared by the three products (iys-reference.md §7.15):
 * - an OTP lives 3 minutes and may be tried at most 3 times in them: a 4th answer is refused even if right;
 * - a short link or approval URL lives 24 hours and works once.
 * The code or the link's token is never stored: only its keyed digest (an HMAC the adapters compute), compared
 * here in constant time so that the time an answer takes tells nothing about how much of it was right.
 */

export const OTP_LIFETIME_MS = 3 * 60_000;
export const OTP_MAX_TRIES = 3;
export const LINK_LIFETIME_MS = 24 * 3_600_000;
export const OTP_DIGITS = 6;

export type ChallengeKind = 'OTP' | 'LINK';

export interface Challenge {
  kind: ChallengeKind;
  /** Keyed digest of the code or link token (hex or base64url, as the adapter writes it). */
  digest: string;
  /** Epoch milliseconds. */
  issuedAt: number;
  expiresAt: number;
  /** Answers given so far (an OTP's tries; a link is matched by its digest, so only its one use counts). */
  tries: number;
  /** Set once verified: the code or link cannot be used again. */
  settledAt?: number;
}

/** What an answer to a challenge came to. */
export type Answer = 'VERIFIED' | 'WRONG' | 'EXPIRED' | 'TOO_MANY_TRIES' | 'ALREADY_USED';

export function issueChallenge(kind: ChallengeKind, digest: string, now: number): Challenge {
  return {
    kind,
    digest,
    issuedAt: now,
    expiresAt: now + (kind === 'OTP' ? OTP_LIFETIME_MS : LINK_LIFETIME_MS),
    tries: 0,
  };
}

/**
 * Judges one answer. The challenge returned must be stored (conditioned on the one read, so that two answers at
 * once cannot both spend the same try); only WRONG and VERIFIED change it.
 */
export function answerChallenge(
  c: Challenge,
  presentedDigest: string,
  now: number,
): { answer: Answer; challenge: Challenge } {
  if (c.settledAt !== undefined) return { answer: 'ALREADY_USED', challenge: c };
  if (now >= c.expiresAt) return { answer: 'EXPIRED', challenge: c };
  if (c.kind === 'OTP' && c.tries >= OTP_MAX_TRIES) return { answer: 'TOO_MANY_TRIES', challenge: c };
  const tries = c.tries + 1;
  if (sameDigest(c.digest, presentedDigest)) {
    return { answer: 'VERIFIED', challenge: { ...c, tries, settledAt: now } };
  }
  return { answer: 'WRONG', challenge: { ...c, tries } };
}

/** Tries an OTP has left (0 when spent, expired or used). */
export function triesLeft(c: Challenge, now: number): number {
  if (c.kind !== 'OTP' || c.settledAt !== undefined || now >= c.expiresAt) return 0;
  return Math.max(0, OTP_MAX_TRIES - c.tries);
}

/**
 * Compares two digests in time that depends only on their lengths: every character is looked at, whether or
 * not an earlier one differed.
 */
export function sameDigest(a: string, b: string): boolean {
  const n = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/**
 * A 6-digit code from uniform random 32-bit numbers, without modulo bias: draws at or above the largest
 * multiple of 10^6 below 2^32 are thrown away and drawn again.
 */
export function otpCode(randomUint32: () => number): string {
  const range = 10 ** OTP_DIGITS;
  const ceiling = Math.floor(2 ** 32 / range) * range;
  for (;;) {
    const r = randomUint32() >>> 0;
    if (r < ceiling) return String(r % range).padStart(OTP_DIGITS, '0');
  }
}

/** An address shown in evidence and messages without revealing it: `+905*******58`, `a***@e***.com`. */
export function maskAddress(address: string): string {
  const at = address.indexOf('@');
  if (at > 0) {
    const local = address.slice(0, at);
    const domain = address.slice(at + 1);
    const dot = domain.lastIndexOf('.');
    const host = dot > 0 ? domain.slice(0, dot) : domain;
    const tld = dot > 0 ? domain.slice(dot) : '';
    return `${local[0]}***@${host[0]}***${tld}`;
  }
  const digits = address.replace(/\D/g, '');
  if (digits.length < 4) return '***';
  const shown = `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`;
  return address.startsWith('+') ? `+${shown}` : shown;
}
