import { addressKind, normaliseRecipient } from './consent/address.js';
import type { ConsentType, RecipientKind } from './consent/types.js';
import { errorItem, IysError } from './errors.js';

/**
 * The recipient (citizen) side: proving ownership of an address with a one-time code, and the session that
 * follows. Numbers from İYS's ViA rules (reference §7.15, §10): a code lives 3 minutes and allows 3 tries.
 */
export const otpRules = {
  codeDigits: 6,
  ttlSeconds: 180,
  maxTries: 3,
  /** A new code (resend) replaces the previous one, at most once per this many seconds per address. */
  resendAfterSeconds: 30,
  perAddressPerHour: 5,
  perIpPerHour: 20,
  /** Code checks (POST /citizen/sessions) per source IP and hour, across addresses. */
  checksPerIpPerHour: 30,
} as const;

export const sessionSeconds = 900;

export const limits = { citizenName: 100, complaintText: 2000, sender: 50, note: 2000 } as const;

export interface Address {
  /** Normal form: E.164 phone or lower-case e-mail. */
  value: string;
  kind: RecipientKind;
  /** Channels that use this kind of address. */
  types: ConsentType[];
}

/** Normalises an address a recipient typed (phone or e-mail); İYS's address codes on failure. */
export function parseAddress(raw: unknown, location: (string | number)[] = ['recipient']): Address {
  if (typeof raw !== 'string') {
    throw IysError.of(raw === undefined ? 'H114' : 'H121', {
      location,
      ...(raw === undefined ? {} : { value: raw }),
    });
  }
  const trimmed = raw.trim();
  const type: ConsentType = addressKind(trimmed) === 'EMAIL' ? 'EPOSTA' : 'MESAJ';
  const r = normaliseRecipient(trimmed, type, { location });
  if (!r.ok) throw new IysError(r.errors);
  return r.kind === 'PHONE'
    ? { value: r.value, kind: 'PHONE', types: ['MESAJ', 'ARAMA'] }
    : { value: r.value, kind: 'EMAIL', types: ['EPOSTA'] };
}

/** The channel must suit the verified address (H464 otherwise, with İYS's text). */
export function checkChannel(address: Address, type: ConsentType): void {
  if (!address.types.includes(type)) {
    const r = normaliseRecipient(address.value, type);
    throw r.ok ? IysError.of('H464', { location: ['type'], value: type }) : new IysError(r.errors);
  }
}

/** Whether a fixed-window counter is over its limit. */
export function overLimit(count: number, limit: number): boolean {
  return count > limit;
}

export function otpText(code: string): string {
  return `İYS doğrulama kodunuz: ${code}. Kod 3 dakika geçerlidir. Bu kodu kimseyle paylaşmayın.`;
}

export { errorItem };
