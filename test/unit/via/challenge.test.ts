import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answerChallenge,
  issueChallenge,
  LINK_LIFETIME_MS,
  maskAddress,
  OTP_LIFETIME_MS,
  otpCode,
  sameDigest,
  triesLeft,
} from '../../../functions/domain/via/challenge.js';

const t0 = Date.parse('2026-12-02T10:00:00Z');

describe('a ViA challenge', () => {
  it('verifies the right OTP within 3 minutes and then refuses it as used', () => {
    const c = issueChallenge('OTP', 'abc', t0);
    const r = answerChallenge(c, 'abc', t0 + OTP_LIFETIME_MS - 1);
    expect(r.answer).toBe('VERIFIED');
    expect(r.challenge.settledAt).toBe(t0 + OTP_LIFETIME_MS - 1);
    expect(answerChallenge(r.challenge, 'abc', t0 + 1000).answer).toBe('ALREADY_USED');
  });

  it('refuses an OTP at exactly 3 minutes', () => {
    const c = issueChallenge('OTP', 'abc', t0);
    expect(answerChallenge(c, 'abc', t0 + OTP_LIFETIME_MS)).toEqual({ answer: 'EXPIRED', challenge: c });
  });

  it('counts wrong tries and refuses the fourth answer even when it is right', () => {
    let c = issueChallenge('OTP', 'abc', t0);
    for (let i = 1; i <= 3; i++) {
      const r = answerChallenge(c, 'abd', t0 + i);
      expect(r.answer).toBe('WRONG');
      expect(r.challenge.tries).toBe(i);
      c = r.challenge;
    }
    expect(triesLeft(c, t0 + 10)).toBe(0);
    expect(answerChallenge(c, 'abc', t0 + 10).answer).toBe('TOO_MANY_TRIES');
  });

  it('accepts the right OTP on the third try', () => {
    let c = issueChallenge('OTP', 'abc', t0);
    c = answerChallenge(c, 'x', t0).challenge;
    c = answerChallenge(c, 'y', t0).challenge;
    expect(triesLeft(c, t0)).toBe(1);
    expect(answerChallenge(c, 'abc', t0).answer).toBe('VERIFIED');
  });

  it('keeps a link for 24 hours and lets it work once', () => {
    const c = issueChallenge('LINK', 'tok', t0);
    expect(c.expiresAt).toBe(t0 + LINK_LIFETIME_MS);
    expect(answerChallenge(c, 'tok', t0 + LINK_LIFETIME_MS).answer).toBe('EXPIRED');
    const used = answerChallenge(c, 'tok', t0 + LINK_LIFETIME_MS - 1);
    expect(used.answer).toBe('VERIFIED');
    expect(answerChallenge(used.challenge, 'tok', t0 + LINK_LIFETIME_MS - 1).answer).toBe('ALREADY_USED');
  });

  it('compares digests exactly', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(sameDigest(a, b)).toBe(a === b);
        expect(sameDigest(a, a)).toBe(true);
      }),
    );
    expect(sameDigest('abc', 'abcd')).toBe(false);
    expect(sameDigest('', '')).toBe(true);
  });
});

describe('an OTP code', () => {
  it('has 6 digits and is drawn again above the unbiased ceiling', () => {
    const draws = [0xffffffff, 4_294_000_000, 123_456_789];
    expect(otpCode(() => draws.shift()!)).toBe('456789');
    expect(draws).toEqual([]);
    expect(otpCode(() => 7)).toBe('000007');
  });

  it('is always 6 digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_293_999_999 }), (r) => {
        expect(otpCode(() => r)).toMatch(/^\d{6}$/);
      }),
    );
  });
});

describe('a masked address', () => {
  it('keeps only enough to recognise it', () => {
    expect(maskAddress('+905536857358')).toBe('+905*******58');
    expect(maskAddress('ayse@example.com')).toBe('a***@e***.com');
    expect(maskAddress('12')).toBe('***');
  });
});
