import { describe, expect, it } from 'vitest';
import {
  clockDateErrors,
  clocklessDateErrors,
  EARLIEST_CONSENT_MS,
  formatTurkeyTime,
  parseConsentDate,
  parseTurkeyTime,
  recordingDeadline,
  toTurkeyIso,
  withinRecordingWindow,
} from '../../../functions/domain/consent/dates.js';

const tr = (text: string) => new Date(`${text.replace(' ', 'T')}+03:00`).getTime();

describe('parseConsentDate', () => {
  it('reads Turkey time (UTC+3)', () => {
    expect(parseConsentDate('2026-05-26 10:30:00')).toEqual({
      ok: true,
      value: { text: '2026-05-26 10:30:00', epochMs: Date.parse('2026-05-26T07:30:00Z') },
    });
    expect(parseConsentDate('2024-02-29 23:59:59').ok).toBe(true);
  });

  it.each([
    ['H158', '2026-05-26T10:30:00'],
    ['H158', '2026-05-26 10:30'],
    ['H158', '2026-05-26 10:30:00.000'],
    ['H158', '2026-5-26 10:30:00'],
    ['H158', '2018-02-10T09:30Z'],
    ['H158', ' 2026-05-26 10:30:00'],
    ['H158', 20260526],
    ['H157', '2020-15-01 13:35:00'], // İYS example
    ['H157', '2023-02-29 10:00:00'],
    ['H157', '2026-02-30 10:00:00'],
    ['H157', '2026-04-31 10:00:00'],
    ['H157', '2026-00-10 10:00:00'],
    ['H157', '2026-01-00 10:00:00'],
    ['H157', '2026-01-01 24:00:00'],
    ['H157', '2026-01-01 23:60:00'],
    ['H157', '2026-01-01 23:59:60'],
    ['H157', '0099-01-01 00:00:00'],
  ])('%s: %s', (code, raw) => {
    expect(parseConsentDate(raw)).toEqual({ ok: false, code });
  });
});

describe('clockless date rules', () => {
  const codes = (raw: unknown, source?: Parameters<typeof clocklessDateErrors>[1]) =>
    clocklessDateErrors(raw, source).errors.map((e) => e.code);

  it.each([
    ['H156', '2015-04-30 23:59:00', undefined, ['H156']], // İYS example
    ['H156', '2014-01-01 00:00:00', 'HS_WEB', ['H156']],
    ['H156+H155', '2014-01-01 00:00:00', 'HS_2015', ['H156', 'H155']],
    ['H155', '2020-04-30 23:59:00', 'HS_2015', ['H155']], // İYS example
    ['H155', '2015-05-01 00:00:01', 'HS_2015', ['H155']],
    ['none', '2015-05-01 00:00:00', 'HS_2015', []],
    ['none', '2015-05-01 00:00:00', 'HS_WEB', []],
    ['H158', 'yesterday', 'HS_WEB', ['H158']],
  ] as const)('%s: %s with %s', (_name, raw, source, expected) => {
    expect(codes(raw, source)).toEqual(expected);
  });

  it('errors carry location and value', () => {
    expect(clocklessDateErrors('2015-04-30 23:59:00', undefined).errors).toEqual([
      {
        code: 'H156',
        message: 'İzinler için 1 Mayıs 2015’den önceki tarihler kabul edilmemektedir.',
        location: ['consentDate'],
        value: '2015-04-30 23:59:00',
      },
    ]);
    expect(EARLIEST_CONSENT_MS).toBe(Date.parse('2015-04-30T21:00:00Z'));
  });
});

describe('formatting', () => {
  it('formatTurkeyTime / toTurkeyIso / parseTurkeyTime round-trip', () => {
    const d = new Date('2026-12-31T21:05:09.999Z');
    expect(formatTurkeyTime(d)).toBe('2027-01-01 00:05:09');
    expect(toTurkeyIso(d)).toBe('2027-01-01T00:05:09+03:00');
    expect(parseTurkeyTime(formatTurkeyTime(d))).toBe(Date.parse('2026-12-31T21:05:09Z'));
    expect(new Date(toTurkeyIso(d)).getTime()).toBe(Date.parse('2026-12-31T21:05:09Z'));
    expect(parseTurkeyTime('nope')).toBeUndefined();
  });
});

describe('three-business-day rule (H467): recordable until the end of the 3rd business day after the consent day', () => {
  it.each([
    // [consent taken, last recordable day, why]
    ['2026-05-25 09:00:00', '2026-06-02', 'Monday before Kurban 2026: eve Tue 26, Mon 1, Tue 2'],
    ['2026-05-26 15:00:00', '2026-06-03', 'on the Kurban 2026 eve afternoon: Mon 1, Tue 2, Wed 3'],
    ['2026-05-28 11:00:00', '2026-06-03', 'during the Bayram: Mon 1, Tue 2, Wed 3'],
    ['2026-10-28 14:00:00', '2026-11-03', '28 Oct afternoon: Fri 30, Mon 2, Tue 3 (29 Oct skipped)'],
    ['2026-12-31 23:59:59', '2027-01-06', 'New Year: Mon 4, Tue 5, Wed 6'],
    ['2026-12-30 10:00:00', '2027-01-05', 'Wed 30 Dec: Thu 31, Mon 4, Tue 5'],
    ['2025-06-05 10:00:00', '2025-06-12', 'Kurban 2025 eve: Tue 10, Wed 11, Thu 12'],
    ['2025-03-28 10:00:00', '2025-04-04', 'before Ramazan 2025: Wed 2, Thu 3, Fri 4 Apr'],
    ['2027-03-05 10:00:00', '2027-03-15', 'before Ramazan 2027: eve Mon 8, Fri 12, Mon 15'],
    ['2027-05-14 10:00:00', '2027-05-24', 'before Kurban 2027 (incl. 19 May): Thu 20, Fri 21, Mon 24'],
    ['2026-06-05 18:00:00', '2026-06-10', 'an ordinary Friday: Mon, Tue, Wed'],
    ['2026-06-06 12:00:00', '2026-06-10', 'a Saturday: the consent day never counts'],
  ])('taken %s → until %s 23:59:59 (%s)', (taken, lastDay) => {
    const consentMs = tr(taken);
    const deadline = recordingDeadline(consentMs);
    expect(formatTurkeyTime(deadline)).toBe(`${addOneDay(lastDay)} 00:00:00`);
    expect(withinRecordingWindow(consentMs, tr(`${lastDay} 23:59:59`))).toBe(true);
    expect(withinRecordingWindow(consentMs, tr(`${lastDay} 23:59:59`) + 999)).toBe(true);
    expect(withinRecordingWindow(consentMs, tr(`${addOneDay(lastDay)} 00:00:00`))).toBe(false);
  });

  const ctxAt = (now: string) => ({ now: new Date(tr(now)), actor: 'HS' as const });
  const dateOf = (text: string) => {
    const r = parseConsentDate(text);
    if (!r.ok) throw new Error(text);
    return r.value;
  };

  it.each([
    ['H467', '2026-05-25 09:00:00', 'HS_WEB', '2026-06-03 00:00:00', ['H467']],
    ['none', '2026-05-25 09:00:00', 'HS_WEB', '2026-06-02 23:59:59', []],
    ['H467', '2026-10-28 14:00:00', 'HS_CAGRI_MERKEZI', '2026-11-04 08:00:00', ['H467']],
    ['none', '2026-12-31 22:00:00', 'HS_MOBIL', '2027-01-06 17:00:00', []],
    ['H467', '2026-12-31 22:00:00', 'HS_MOBIL', '2027-01-07 00:00:01', ['H467']],
    ['none (HS_2015 exempt)', '2015-05-01 00:00:00', 'HS_2015', '2026-06-01 12:00:00', []],
    ['H162', '2026-06-01 12:00:01', 'HS_WEB', '2026-06-01 12:00:00', ['H162']],
    ['none (same second)', '2026-06-01 12:00:00', 'HS_WEB', '2026-06-01 12:00:00', []],
  ] as const)('%s: consent %s (%s) at %s', (_name, taken, source, now, expected) => {
    expect(clockDateErrors(dateOf(taken), source, ctxAt(now)).map((e) => e.code)).toEqual(expected);
  });

  it('H467 error shape: 422, location consentDate, the date as value', () => {
    expect(clockDateErrors(dateOf('2020-01-13 13:35:13'), 'HS_WEB', ctxAt('2026-01-01 00:00:00'))).toEqual([
      {
        code: 'H467',
        message: 'Üç iş günü öncesinde alınan izinler kaydedilemez.',
        location: ['consentDate'],
        value: '2020-01-13 13:35:13',
      },
    ]);
  });

  it('İYS-originated movements (actor IYS) are exempt from H467 but not from H162', () => {
    const old = dateOf('2020-01-13 13:35:13');
    expect(
      clockDateErrors(old, 'IYS_AHS_HAT_KAPATMA', { now: tr('2026-01-01 00:00:00'), actor: 'IYS' }),
    ).toEqual([]);
    expect(
      clockDateErrors(dateOf('2026-01-02 00:00:00'), 'IYS_WEB', {
        now: tr('2026-01-01 00:00:00'),
        actor: 'IYS',
      }).map((e) => e.code),
    ).toEqual(['H162']);
  });
});

function addOneDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
