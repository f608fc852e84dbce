import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  batchStatusBodySchemaFor,
  CONSENT_MESSAGES,
  consentKeySchema,
  consentSchema,
  STATUS_BODY_MESSAGES,
  toIysErrors,
} from '../../../functions/domain/consent/schema.js';
import { validateConsent } from '../../../functions/domain/consent/validate.js';
import { describeCode } from '../../../functions/domain/errors.js';

// Tuesday 2 June 2026, 11:00 Turkey time.
const NOW = new Date('2026-06-02T11:00:00+03:00');
const HS = { now: NOW, actor: 'HS' as const };

const base = {
  recipient: '+905321234567',
  type: 'MESAJ',
  status: 'ONAY',
  source: 'HS_WEB',
  consentDate: '2026-06-01 18:30:00',
};
const codesOf = (input: unknown, ctx: Parameters<typeof validateConsent>[1] = HS) => {
  const r = validateConsent(input, ctx);
  return r.ok ? [] : r.errors.map((e) => e.code);
};

describe('validateConsent accepts and normalises', () => {
  it('a minimal BIREYSEL consent (recipientType defaults to BIREYSEL)', () => {
    expect(validateConsent(base, HS)).toEqual({
      ok: true,
      value: {
        recipient: '+905321234567',
        recipientKind: 'PHONE',
        recipientType: 'BIREYSEL',
        type: 'MESAJ',
        status: 'ONAY',
        source: 'HS_WEB',
        consentDate: { text: '2026-06-01 18:30:00', epochMs: Date.parse('2026-06-01T15:30:00Z') },
      },
    });
  });

  it('an e-mail consent with retailer data; the e-mail is lower-cased', () => {
    const r = validateConsent(
      {
        ...base,
        type: 'EPOSTA',
        recipient: 'OrnekEposta@OrnekEposta.com',
        retailerCode: 55550127,
        retailerAccess: [58795354, 30143398],
      },
      HS,
    );
    expect(r).toMatchObject({
      ok: true,
      value: {
        recipient: 'ornekeposta@ornekeposta.com',
        recipientKind: 'EMAIL',
        retailerCode: 55550127,
        retailerAccess: [58795354, 30143398],
      },
    });
  });

  it('a TACIR consent without source and consentDate (allowed on the first record; transitions decide)', () => {
    const r = validateConsent(
      { recipient: '+905321234567', type: 'ARAMA', status: 'ONAY', recipientType: 'TACIR' },
      HS,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        recipient: '+905321234567',
        recipientKind: 'PHONE',
        recipientType: 'TACIR',
        type: 'ARAMA',
        status: 'ONAY',
      },
    });
  });

  it('HS_2015 with exactly 2015-05-01 00:00:00 (exempt from H467); HS_KARAR with RET', () => {
    expect(codesOf({ ...base, source: 'HS_2015', consentDate: '2015-05-01 00:00:00' })).toEqual([]);
    expect(codesOf({ ...base, source: 'HS_KARAR', status: 'RET' })).toEqual([]);
  });

  it('actor IYS may use IYS_* sources and old dates', () => {
    expect(
      codesOf(
        { ...base, source: 'IYS_KISAMESAJ', status: 'RET', consentDate: '2020-01-01 10:00:00' },
        { now: NOW, actor: 'IYS' },
      ),
    ).toEqual([]);
  });
});

describe('validateConsent refuses, one H-code per case', () => {
  const { recipient: _r, ...noRecipient } = base;
  const { type: _t, ...noType } = base;
  const { status: _s, ...noStatus } = base;
  const { source: _so, ...noSource } = base;
  const { consentDate: _c, ...noDate } = base;
  it.each([
    ['H114', noRecipient, ['recipient']],
    ['H111', noType, ['type']],
    ['H110', noStatus, ['status']],
    ['H113', noSource, ['source']],
    ['H112', noDate, ['consentDate']],
    ['H112', { ...base, consentDate: null }, ['consentDate']],
    ['H113', { ...base, source: '' }, ['source']],
    ['H117', { ...base, type: 'EPOSTAa' }, ['type']],
    ['H115', { ...base, status: 'ONAYY' }, ['status']],
    ['H116', { ...base, recipientType: 'TACIRR' }, ['recipientType']],
    ['H119', { ...base, source: 'HS_FIZIKSEL_OTAM' }, ['source']],
    ['H119', { ...base, source: 'IYS_WEB' }, ['source']], // HS may not send İYS sources
    ['H118', { ...base, unacceptableProperty: 'unacceptableValue' }, ['unacceptableProperty']],
    ['H120', { ...base, type: 'EPOSTA', recipient: 'örnek@mail.com' }, ['recipient']],
    ['H121', { ...base, recipient: '+05543213232' }, ['recipient']],
    ['H121', { ...base, recipient: '+9005321234567' }, ['recipient']],
    ['H464', { ...base, recipient: 'test@gmail.com' }, ['recipient']],
    ['H464', { ...base, type: 'EPOSTA' }, ['recipient']],
    ['H158', { ...base, consentDate: '2026-06-01T18:30:00' }, ['consentDate']],
    ['H157', { ...base, consentDate: '2020-15-01 13:35:00' }, ['consentDate']],
    ['H156', { ...base, consentDate: '2015-04-30 23:59:00' }, ['consentDate']],
    ['H155', { ...base, source: 'HS_2015', consentDate: '2020-04-30 23:59:00' }, ['consentDate']],
    ['H162', { ...base, consentDate: '2026-06-02 11:00:01' }, ['consentDate']],
    ['H467', { ...base, consentDate: '2026-05-22 10:00:00' }, ['consentDate']], // Fri 22 May: Mon 25, Tue 26 (eve), Mon 1 Jun → too late on Tue 2 Jun
    ['H408', { ...base, source: 'HS_KARAR', status: 'ONAY' }, ['status']],
    ['H267', { ...base, retailerCode: '' }, ['retailerCode']],
    ['H267', { ...base, retailerCode: null }, ['retailerCode']],
    ['X008', { ...base, retailerCode: 1234567 }, ['retailerCode']],
    ['X008', { ...base, retailerCode: '55550127' }, ['retailerCode']],
    ['X008', { ...base, retailerAccess: [5555012.5] }, ['retailerAccess', 0]],
    ['H163', { ...base, retailerAccess: [] }, ['retailerAccess']],
    ['H193', { ...base, retailerAccess: [58795354, 30143398, 58795354] }, ['retailerAccess', 2]],
    [
      'H126',
      { ...base, retailerAccess: Array.from({ length: 3001 }, (_, i) => 10_000_000 + i) },
      ['retailerAccess'],
    ],
  ] as const)('%s', (code, input, location) => {
    const r = validateConsent(input, HS);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.code)).toEqual([code]);
    expect(r.errors[0]!.location).toEqual(location);
  });

  it('statuses follow the catalogue (H467 is 422)', () => {
    expect(describeCode('H467').status).toBe(422);
    expect(describeCode('H408').status).toBe(422);
  });
});

describe('exact error bodies (İYS examples)', () => {
  it('H160 + H121 for one bad phone, with value', () => {
    const r = validateConsent({ ...base, recipient: '9055436100000000' }, HS);
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          code: 'H160',
          message: 'Alıcı için telefon numaraları 15 karakterden uzun olmamalıdır.',
          location: ['recipient'],
          value: '9055436100000000',
        },
        {
          code: 'H121',
          message:
            'Alıcı (recipient) için E164 uluslararası([+][country code][area code][local phone number]) formatına uygun bir telefon numarası girilmelidir. (örn. +905992000000)',
          location: ['recipient'],
          value: '9055436100000000',
        },
      ],
    });
  });

  it('H464 for EPOSTA names the e-mail format; H267 uses İYS text; H118 lists the fields', () => {
    const r = validateConsent(
      { ...base, type: 'EPOSTA', recipient: '+905312560714', retailerCode: '', extra: 1 },
      HS,
    );
    expect(r.ok ? [] : r.errors).toEqual([
      {
        code: 'H267',
        message: 'retailerCode değeri boş string olmamalıdır!',
        location: ['retailerCode'],
        value: '',
      },
      {
        code: 'H118',
        message:
          'Alan değeri kabul edilemedi. İstek gövdesinde bulunabilecek değerler: recipientType, retailerAccess, recipient, retailerCode, source, type, consentDate, status olmalıdır.',
        location: ['extra'],
        value: 1,
      },
      {
        code: 'H464',
        message: 'İzin tipi (type) EPOSTA için, alıcı (recipient) e-posta formatında olmalıdır.',
        location: ['recipient'],
        value: '+905312560714',
      },
    ]);
  });

  it('H408 carries the status value', () => {
    const r = validateConsent({ ...base, source: 'HS_KARAR' }, HS);
    expect(r.ok ? [] : r.errors).toEqual([
      {
        code: 'H408',
        message: 'HS_KARAR kaynağından iletilen izinler için durum bilgisi RET olmalıdır.',
        location: ['status'],
        value: 'ONAY',
      },
    ]);
  });
});

describe('several errors at once', () => {
  it('reports every problem of one body together', () => {
    expect(
      codesOf({
        recipient: 'test@gmail.com',
        type: 'MESAJ',
        status: 'ONAYY',
        source: 'HS_WEBB',
        consentDate: '2026-05-01 10:00:00',
        foo: 1,
      }),
    ).toEqual(['H115', 'H119', 'H118', 'H464', 'H467']);
    expect(codesOf({})).toEqual(['H114', 'H111', 'H110', 'H113', 'H112']);
    expect(codesOf({ ...base, source: 'HS_2015', consentDate: '2014-01-01 00:00:00' })).toEqual([
      'H156',
      'H155',
    ]);
  });

  it('a body that is not an object is H085', () => {
    expect(codesOf('consent')).toEqual(['H085']);
    expect(codesOf([base])).toEqual(['H085']);
    expect(codesOf(null)).toEqual(['H085']);
  });

  it('batch index is copied to every error', () => {
    const r = validateConsent({ ...base, status: 'X', type: 'Y' }, { ...HS, index: 7 });
    expect(r.ok ? [] : r.errors.map((e) => e.index)).toEqual([7, 7]);
  });
});

describe('consentKeySchema (consentDetail / history body)', () => {
  const errs = (body: unknown) => {
    const r = consentKeySchema.safeParse(body);
    return r.success ? [] : toIysErrors(r.error.issues, body, { fallbackCode: 'H097' }).map((e) => e.code);
  };
  it.each([
    ['ok', { recipient: 'ornekeposta@ornekeposta.com', recipientType: 'BIREYSEL', type: 'EPOSTA' }, []],
    ['H170', { recipient: 'ornekeposta@ornekeposta.com', type: 'EPOSTA' }, ['H170']],
    ['H116', { recipient: 'ornekeposta@ornekeposta.com', recipientType: 'TACIRR', type: 'EPOSTA' }, ['H116']],
    ['H117', { recipient: '+905321234567', recipientType: 'BIREYSEL', type: 'ARAMAA' }, ['H117']],
    ['H111', { recipient: '+905321234567', recipientType: 'BIREYSEL' }, ['H111']],
    ['H114', { recipientType: 'BIREYSEL', type: 'ARAMA' }, ['H114']],
    ['H120', { recipient: 'ornekmail.com', recipientType: 'BIREYSEL', type: 'EPOSTA' }, ['H120']],
    ['H121', { recipient: '+05543213232', recipientType: 'BIREYSEL', type: 'MESAJ' }, ['H121']],
    ['H166', { recipient: '+0554321323223333333333', recipientType: 'BIREYSEL', type: 'MESAJ' }, ['H166']],
    ['H464', { recipient: '+905321234567', recipientType: 'BIREYSEL', type: 'EPOSTA' }, ['H464']],
    [
      'H118',
      { recipient: '+905321234567', recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY' },
      ['H118'],
    ],
    ['H097', 'x', ['H097']],
  ] as const)('%s', (_code, body, expected) => {
    expect(errs(body)).toEqual(expected);
  });
});

describe('batch status body {recipients}', () => {
  const errs = (body: unknown, type: 'MESAJ' | 'EPOSTA' = 'MESAJ') => {
    const r = batchStatusBodySchemaFor(type).safeParse(body);
    return r.success
      ? []
      : toIysErrors(r.error.issues, body, { fallbackCode: 'H097', messages: STATUS_BODY_MESSAGES });
  };
  it.each([
    ['ok', { recipients: ['+905054566789', '+905055566790'] }, []],
    ['H168', {}, ['H168']],
    ['H478', { recipients: {} }, ['H478']],
    ['H478', { recipients: '+905054566789' }, ['H478']],
    ['H164', { recipients: [] }, ['H164']],
    [
      'H127',
      { recipients: Array.from({ length: 1001 }, (_, i) => `+90532${String(1_000_000 + i)}`) },
      ['H127'],
    ],
    ['H193', { recipients: ['+905054566789', '+905055566790', '+905056566791', '+905055566790'] }, ['H193']],
    ['H121', { recipients: ['+905054566789', 12] }, ['H121']],
    ['H464', { recipients: ['test@gmail.com'] }, ['H464']],
  ] as const)('%s', (_code, body, expected) => {
    expect(errs(body).map((e) => e.code)).toEqual(expected);
  });

  it('H193 uses the recipient text and the list index; repeats are found after lower-casing', () => {
    expect(
      errs({ recipients: ['a@ornek.com', 'b@ornek.com', 'c@ornek.com', 'A@Ornek.com'] }, 'EPOSTA'),
    ).toEqual([
      {
        code: 'H193',
        message: 'Alıcı (recipient) değeri liste içinde tekrarlanamaz.',
        location: ['recipients', 3],
        value: 'A@Ornek.com',
      },
    ]);
  });

  it('H127 uses the 1000 limit text', () => {
    const [e] = errs({
      recipients: Array.from({ length: 1001 }, (_, i) => `+90532${String(1_000_000 + i)}`),
    });
    expect(e?.message).toBe('Alıcı listesi (recipients) uzunluğu en fazla 1000 olmalıdır.');
  });
});

describe('consentSchema', () => {
  it('agrees with validateConsent on every clock-free case above', () => {
    const bodies: unknown[] = [
      base,
      { ...base, type: 'EPOSTA' },
      { ...base, recipient: '9055436100000000', status: 'X' },
      { ...base, source: 'HS_KARAR' },
      { ...base, source: 'HS_2015', consentDate: '2014-01-01 00:00:00' },
      { ...base, retailerCode: '', retailerAccess: [1, 1] },
      { recipientType: 'TACIR', recipient: 'x@yy.zz', type: 'EPOSTA', status: 'RET' },
      {},
    ];
    for (const b of bodies) {
      const r = consentSchema.safeParse(b);
      const schemaCodes = r.success
        ? []
        : toIysErrors(r.error.issues, b, { fallbackCode: 'H085', messages: CONSENT_MESSAGES }).map(
            (e) => e.code,
          );
      expect(schemaCodes, JSON.stringify(b)).toEqual(codesOf(b));
    }
  });

  it('produces a JSON Schema with descriptions and examples for OpenAPI', () => {
    const js = z.toJSONSchema(consentSchema, { io: 'input' }) as {
      properties: Record<string, { description?: string; example?: unknown; enum?: string[] }>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(js.required.sort()).toEqual(['recipient', 'status', 'type']);
    expect(js.additionalProperties).toBe(false);
    expect(js.properties.source?.enum).toContain('HS_KARAR');
    expect(js.properties.source?.enum).not.toContain('IYS_WEB');
    expect(js.properties.consentDate?.example).toBe('2026-05-26 10:30:00');
    for (const [name, p] of Object.entries(js.properties)) expect(p.description, name).toBeTruthy();
    expect(() => z.toJSONSchema(consentKeySchema, { io: 'input' })).not.toThrow();
    expect(() => z.toJSONSchema(batchStatusBodySchemaFor('MESAJ'), { io: 'input' })).not.toThrow();
  });
});
