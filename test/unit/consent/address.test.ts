import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressKind, checkEmail, normaliseRecipient } from '../../../functions/domain/consent/address.js';
import type { ConsentType } from '../../../functions/domain/consent/types.js';

const codesOf = (raw: unknown, type: ConsentType | undefined, opts = {}) => {
  const r = normaliseRecipient(raw, type, opts);
  return r.ok ? [] : r.errors.map((e) => e.code);
};

describe('phones accepted (normal form is the input itself)', () => {
  it.each([
    ['+905321234567', 'MESAJ'],
    ['+905054566789', 'ARAMA'],
    ['+905312560714', 'MESAJ'],
    ['+902121230000', 'ARAMA'], // İstanbul fixed line, İYS's own example
    ['+14155552671', 'MESAJ'],
    ['+4915112345678', 'MESAJ'],
  ] as const)('%s for %s', (raw, type) => {
    expect(normaliseRecipient(raw, type)).toEqual({ ok: true, value: raw, kind: 'PHONE' });
  });
});

describe('phones refused, by H-code', () => {
  it.each([
    ['H160+H121', '9055436100000000', ['H160', 'H121']], // İYS example: too long and no '+'
    ['H160+H121', '+9053212345678901', ['H160', 'H121']],
    ['H121', '905546789898', ['H121']], // no '+' (İYS example)
    ['H121', '+05543213232', ['H121']], // İYS example
    ['H121', '+9005321234567', ['H121']], // '+900…' refused (İYS stores it; we do not)
    ['H121', '+900532123456', ['H121']],
    ['H121', '+90 5321234567', ['H121']], // a space
    ['H160+H121', '+90 532 123 45 67', ['H160', 'H121']], // 17 characters with the spaces
    ['H121', '+90(532)1234567', ['H121']],
    ['H121', '+905992000000', ['H121']], // unallocated range (libphonenumber max metadata)
    ['H121', '+9053212345678', ['H121']], // one digit too many
    ['H121', '+90532123456', ['H121']], // one digit short
    ['H121', 'abc', ['H121']],
    ['H121', '', ['H121']],
    ['H121', 905321234567, ['H121']], // not a string
  ] as const)('%s: %s', (_code, raw, expected) => {
    expect(codesOf(raw, 'MESAJ')).toEqual(expected);
  });

  it('H166 alone for a too-long phone in a status query', () => {
    expect(codesOf('+0554321323223333333333', 'ARAMA', { tooLongCode: 'H166' })).toEqual(['H166']);
  });

  it('H114 when missing; errors carry location and value', () => {
    expect(normaliseRecipient(undefined, 'MESAJ')).toEqual({
      ok: false,
      errors: [{ code: 'H114', message: 'Alıcı (recipient) bulunamadı.', location: ['recipient'] }],
    });
    const r = normaliseRecipient('+05543213232', 'MESAJ', { location: ['recipients', 4] });
    expect(r.ok ? null : r.errors[0]).toMatchObject({
      code: 'H121',
      location: ['recipients', 4],
      value: '+05543213232',
    });
  });
});

describe('e-mails', () => {
  it.each([
    ['ornek@mail.com', 'ornek@mail.com'],
    ['Ornek.Kisi@Mail.COM', 'ornek.kisi@mail.com'], // stored in lower case
    ['ad+etiket@alan.com.tr', 'ad+etiket@alan.com.tr'], // '+' label
    ['-ad@alan.com', '-ad@alan.com'], // leading '-'
    ['_ad@alan.com', '_ad@alan.com'],
    ['.ad@alan.com', '.ad@alan.com'],
    ['a--b__c@alan.com', 'a--b__c@alan.com'],
    ['x@xx.xx', 'x@xx.xx'], // the smallest shape
    ['a@sub-domain.example.org', 'a@sub-domain.example.org'],
  ])('accepts %s → %s', (raw, value) => {
    expect(normaliseRecipient(raw, 'EPOSTA')).toEqual({ ok: true, value, kind: 'EMAIL' });
  });

  it.each([
    ['H120', 'örnek@mail.com'], // Turkish letter (İYS example)
    ['H120', 'ornek@maıl.com'],
    ['H120', 'ornekmail.com'], // no '@' (İYS example) — not phone-like, so H120 under EPOSTA
    ['H120', 'or nek@mail.com'],
    ['H120', 'ornek!@mail.com'],
    ['H120', "o'nek@mail.com"],
    ['H120', 'or%nek@mail.com'],
    ['H120', 'ornek@mail'], // no TLD
    ['H120', 'a@b.co'], // fewer than 2 characters before the TLD
    ['H120', 'x@x.x'],
    ['H120', 'a@@mail.com'],
    ['H120', 'a@b@mail.com'],
    ['H120', 'a..b@mail.com'],
    ['H120', 'ab.@mail.com'],
    ['H120', 'ab@-mail.com'],
    ['H120', 'ab@mail.c0m'],
    ['H120', `${'a'.repeat(257)}@mail.com`], // 266 characters
    ['H120', 12],
  ])('%s: %s', (code, raw) => {
    expect(codesOf(raw, 'EPOSTA')).toEqual([code]);
  });

  it('length bounds: 265 accepted, 266 refused', () => {
    const at265 = `${'a'.repeat(256)}@mail.com`;
    expect(at265).toHaveLength(265);
    expect(checkEmail(at265).ok).toBe(true);
    expect(checkEmail(`a${at265}`).ok).toBe(false);
  });
});

describe('channel/address mismatch H464', () => {
  it.each([
    [
      'H464',
      'MESAJ',
      'test@gmail.com',
      'İzin tipi (type) MESAJ için, alıcı (recipient) telefon formatında olmalıdır.',
    ],
    [
      'H464',
      'ARAMA',
      'test@gmail.com',
      'İzin tipi (type) ARAMA için, alıcı (recipient) telefon formatında olmalıdır.',
    ],
    [
      'H464',
      'EPOSTA',
      '+905312560714',
      'İzin tipi (type) EPOSTA için, alıcı (recipient) e-posta formatında olmalıdır.',
    ],
  ] as const)('%s: %s with %s', (code, type, raw, message) => {
    expect(normaliseRecipient(raw, type)).toEqual({
      ok: false,
      errors: [{ code, message, location: ['recipient'], value: raw }],
    });
  });

  it('without a known type, the address is checked by its own shape', () => {
    expect(normaliseRecipient('A@Mail.com', undefined)).toEqual({
      ok: true,
      value: 'a@mail.com',
      kind: 'EMAIL',
    });
    expect(codesOf('+05543213232', undefined)).toEqual(['H121']);
    expect(codesOf('a@b', undefined)).toEqual(['H120']);
  });
});

describe('addressKind', () => {
  it.each([
    ['a@b.cc', 'EMAIL'],
    ['+905321234567', 'PHONE'],
    ['0532 123 45 67', 'PHONE'],
    ['hello', 'UNKNOWN'],
    ['+', 'UNKNOWN'],
  ] as const)('%s → %s', (raw, kind) => {
    expect(addressKind(raw)).toBe(kind);
  });
});

describe('normalisation properties', () => {
  const localChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-+'.split(''));
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
  const email = fc
    .tuple(
      fc.array(localChar, { minLength: 1, maxLength: 20 }).map((a) => a.join('')),
      fc.array(label, { minLength: 1, maxLength: 3 }),
      fc.stringMatching(/^[a-z]{2,6}$/),
    )
    .map(([local, labels, tld]) => `${local}@${labels.join('.')}.${tld}`)
    .filter((e) => e.length >= 6 && e.length <= 265 && e.lastIndexOf('.') - e.indexOf('@') > 2);
  const randomCase = (s: string, mask: boolean[]) =>
    s
      .split('')
      .map((c, i) => (mask[i % mask.length] ? c.toUpperCase() : c))
      .join('');

  it('e-mail: accepted in any letter case, normal form is lower case, and normalising is idempotent', () => {
    fc.assert(
      fc.property(email, fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }), (e, mask) => {
        const mixed = randomCase(e, mask);
        const a = normaliseRecipient(mixed, 'EPOSTA');
        const b = normaliseRecipient(e, 'EPOSTA');
        expect(a).toEqual({ ok: true, value: e, kind: 'EMAIL' });
        expect(b).toEqual(a);
        const again = normaliseRecipient(e, 'EPOSTA');
        expect(again).toEqual(a);
      }),
    );
  });

  // Turkish mobile ranges in use (operators and MVNOs): 50x, 53x, 54x, 55x (leading digits of the NSN).
  const trMobile = fc
    .tuple(
      fc.constantFrom(
        '501',
        '505',
        '506',
        '507',
        '530',
        '531',
        '532',
        '533',
        '535',
        '536',
        '537',
        '538',
        '539',
        '541',
        '542',
        '543',
        '544',
        '545',
        '546',
        '547',
        '548',
        '549',
        '551',
        '552',
        '553',
        '554',
        '555',
        '559',
      ),
      fc.integer({ min: 1_000_000, max: 9_999_999 }),
    )
    .map(([prefix, rest]) => `+90${prefix}${rest}`);

  it('valid E.164 Turkish mobiles are accepted unchanged, for ARAMA and MESAJ, idempotently', () => {
    fc.assert(
      fc.property(trMobile, fc.constantFrom<ConsentType>('ARAMA', 'MESAJ'), (p, type) => {
        const r = normaliseRecipient(p, type);
        expect(r).toEqual({ ok: true, value: p, kind: 'PHONE' });
        if (r.ok) expect(normaliseRecipient(r.value, type)).toEqual(r);
      }),
    );
  });

  it('the same mobiles written +900… are always refused with H121', () => {
    fc.assert(
      fc.property(trMobile, (p) => {
        expect(codesOf(`+900${p.slice(3)}`, 'MESAJ')).toEqual(['H121']);
      }),
    );
  });

  it('phones are never accepted for EPOSTA and e-mails never for MESAJ (H464)', () => {
    fc.assert(
      fc.property(trMobile, (p) => {
        expect(codesOf(p, 'EPOSTA')).toEqual(['H464']);
      }),
    );
    fc.assert(
      fc.property(email, (e) => {
        expect(codesOf(e, 'MESAJ')).toEqual(['H464']);
      }),
    );
  });
});

describe('Turkish mobile shortcut agrees with libphonenumber', () => {
  it('never calls valid a number libphonenumber (max metadata) refuses', async () => {
    const { parsePhoneNumberFromString } = await import('libphonenumber-js/max');
    const { isTurkishMobile } = await import('../../../functions/domain/consent/address.js');
    fc.assert(
      fc.property(fc.stringMatching(/^\+905\d{9}$/), (raw) => {
        const full = parsePhoneNumberFromString(raw);
        const libValid = Boolean(full?.isValid() && full.number === raw);
        if (isTurkishMobile(raw)) expect(libValid).toBe(true);
      }),
      { numRuns: 5000 },
    );
    // and it does take the common operator ranges
    for (const raw of ['+905321234567', '+905051234567', '+905441234567', '+905551234567'])
      expect(isTurkishMobile(raw)).toBe(true);
  });
});
