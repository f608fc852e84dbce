import Holidays from 'date-holidays';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addDays,
  businessDaysBetween,
  CALENDAR_YEARS,
  dayInfo,
  dayNumber,
  fromDayNumber,
  holidaysOf,
  isBusinessDay,
  isBusinessInstant,
  RELIGIOUS_HOLIDAYS,
  startOfTurkeyDay,
  turkeyDateOf,
} from '../../../functions/domain/calendar/turkey.js';

const kinds = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(`${d}:${dayInfo(d).kind}`);
  return out;
};

describe('official religious holidays 2025–2027 (Diyanet)', () => {
  it.each([
    // [name, eve, first, last]
    ['Ramazan 2025', '2025-03-29', '2025-03-30', '2025-04-01'],
    ['Kurban 2025', '2025-06-05', '2025-06-06', '2025-06-09'],
    ['Ramazan 2026', '2026-03-19', '2026-03-20', '2026-03-22'],
    ['Kurban 2026', '2026-05-26', '2026-05-27', '2026-05-30'],
    ['Ramazan 2027', '2027-03-08', '2027-03-09', '2027-03-11'],
    ['Kurban 2027', '2027-05-15', '2027-05-16', '2027-05-19'],
  ])('%s: eve %s is a half day (or weekend), %s..%s are holidays', (_name, eve, first, last) => {
    const e = dayInfo(eve);
    expect(e.name).toMatch(/arifesi/);
    expect(e.kind).toBe(e.weekend ? 'WEEKEND' : 'HALF_DAY');
    for (let d = first; d <= last; d = addDays(d, 1)) {
      expect(dayInfo(d).kind, d).toBe('HOLIDAY');
      expect(isBusinessDay(d), d).toBe(false);
    }
    expect(dayInfo(addDays(last, 1)).name ?? '').not.toMatch(/Ramazan|Kurban/);
  });

  it('Kurban Bayramı 2026 week: Tue eve is a business day, Wed–Sat holiday', () => {
    expect(kinds('2026-05-25', '2026-06-01')).toEqual([
      '2026-05-25:WORKDAY',
      '2026-05-26:HALF_DAY',
      '2026-05-27:HOLIDAY',
      '2026-05-28:HOLIDAY',
      '2026-05-29:HOLIDAY',
      '2026-05-30:HOLIDAY',
      '2026-05-31:WEEKEND',
      '2026-06-01:WORKDAY',
    ]);
  });

  it('2027: Kurban Bayramı 4th day coincides with 19 May; both names are kept', () => {
    const d = dayInfo('2027-05-19');
    expect(d.kind).toBe('HOLIDAY');
    expect(d.name).toMatch(/Atatürk/);
    expect(d.name).toMatch(/Kurban Bayramı 4\. gün/);
  });
});

describe('fixed-date holidays', () => {
  it.each([
    ['2026-01-01', 'HOLIDAY'],
    ['2026-04-23', 'HOLIDAY'],
    ['2026-05-01', 'HOLIDAY'],
    ['2026-05-19', 'HOLIDAY'],
    ['2026-07-15', 'HOLIDAY'],
    ['2026-08-30', 'HOLIDAY'], // a Sunday: still reported as the holiday
    ['2026-10-28', 'HALF_DAY'],
    ['2026-10-29', 'HOLIDAY'],
    ['2026-11-10', 'WORKDAY'], // commemoration, not a holiday
    ['2026-12-31', 'WORKDAY'],
    ['2025-10-28', 'HALF_DAY'],
    ['2027-10-28', 'HALF_DAY'],
  ])('%s is %s', (date, kind) => {
    expect(dayInfo(date).kind).toBe(kind);
  });

  it('15 July is a holiday from 2017 only', () => {
    expect(dayInfo('2016-07-15').kind).toBe('WORKDAY');
    expect(dayInfo('2017-07-14').kind).toBe('WORKDAY');
    expect(dayInfo('2017-07-15')).toMatchObject({ kind: 'HOLIDAY', weekend: true }); // a Saturday
    expect(dayInfo('2017-07-15').name).toMatch(/Demokrasi/);
    expect(dayInfo('2019-07-15').kind).toBe('HOLIDAY');
  });

  it('holidaysOf(2026) lists 17 days, sorted', () => {
    const list = holidaysOf(2026).map((h) => h.date);
    expect(list).toHaveLength(17);
    expect([...list].sort()).toEqual(list);
  });
});

describe('religious holiday table', () => {
  it('covers every year of CALENDAR_YEARS for both holidays', () => {
    for (let y: number = CALENDAR_YEARS.first; y <= CALENDAR_YEARS.last; y++) {
      expect(
        RELIGIOUS_HOLIDAYS.KURBAN.some((d) => d.startsWith(`${y}-`)),
        `Kurban ${y}`,
      ).toBe(true);
      expect(
        RELIGIOUS_HOLIDAYS.RAMAZAN.some((d) => d.startsWith(`${y}-`)) || y === 2034 || y === 2035,
        `Ramazan ${y}`,
      ).toBe(true);
    }
  });

  it('agrees with the date-holidays package for 2017–2035, and differs where that package is wrong (2015, 2016)', () => {
    const hd = new Holidays('TR');
    const theirs = new Set<string>();
    for (let y = 2015; y <= 2035; y++) {
      for (const h of hd.getHolidays(y))
        if (/Ramazan|Kurban/.test(h.name)) theirs.add(`${h.name.slice(0, 6)}:${h.date.slice(0, 10)}`);
    }
    const ours = new Set([
      ...RELIGIOUS_HOLIDAYS.RAMAZAN.map((d) => `Ramaza:${d}`),
      ...RELIGIOUS_HOLIDAYS.KURBAN.map((d) => `Kurban:${d}`),
    ]);
    const onlyOurs = [...ours].filter((x) => !theirs.has(x)).sort();
    const onlyTheirs = [...theirs].filter((x) => !ours.has(x)).sort();
    // Diyanet: Kurban 2015 began Thu 24 Sep, Ramazan 2016 Tue 5 Jul, Kurban 2016 Mon 12 Sep.
    expect(onlyOurs).toEqual(['Kurban:2015-09-24', 'Kurban:2016-09-12', 'Ramaza:2016-07-05']);
    expect(onlyTheirs).toEqual(['Kurban:2015-09-23', 'Kurban:2016-09-11', 'Ramaza:2016-07-06']);
  });

  it('a year outside the table knows only weekends and fixed holidays', () => {
    expect(holidaysOf(2040).every((h) => !/Ramazan|Kurban/.test(h.name ?? ''))).toBe(true);
    expect(dayInfo('2040-01-01').kind).toBe('HOLIDAY');
  });
});

describe('business days', () => {
  it.each([
    // [from, n, expected, why]
    ['2026-05-22', 1, '2026-05-25', 'Friday + 1 → Monday'],
    ['2026-05-25', 1, '2026-05-26', 'Kurban eve counts as a business day'],
    ['2026-05-25', 2, '2026-06-01', 'skips Kurban Bayramı 2026 and the weekend'],
    ['2026-05-25', 3, '2026-06-02', ''],
    ['2026-10-27', 1, '2026-10-28', '28 Oct (half day) counts'],
    ['2026-10-28', 1, '2026-10-30', '29 Oct skipped'],
    ['2026-12-31', 1, '2027-01-04', 'New Year + weekend'],
    ['2026-12-31', 3, '2027-01-06', ''],
    ['2025-06-05', 1, '2025-06-10', 'Kurban 2025 Fri–Mon'],
    ['2027-03-05', 3, '2027-03-15', 'Ramazan 2027 Tue–Thu, eve Monday counts'],
    ['2027-05-14', 3, '2027-05-24', 'Kurban 2027 Sun–Wed incl. 19 May'],
    ['2026-05-30', 0, '2026-06-01', 'n = 0 on a holiday → next business day'],
    ['2026-06-01', 0, '2026-06-01', 'n = 0 on a business day → itself'],
    ['2026-06-01', -1, '2026-05-26', 'backwards over the Bayram'],
  ])('addBusinessDays(%s, %i) = %s (%s)', (from, n, expected) => {
    expect(addBusinessDays(from, n)).toBe(expected);
  });

  it.each([
    ['2026-05-25', '2026-06-02', 3],
    ['2026-05-26', '2026-05-30', 0],
    ['2026-12-31', '2027-01-06', 3],
    ['2026-06-02', '2026-05-25', 0],
  ])('businessDaysBetween(%s, %s) = %i', (a, b, n) => {
    expect(businessDaysBetween(a, b)).toBe(n);
  });

  it('isBusinessInstant: an eve is working time until 12:59:59 Turkey time', () => {
    expect(isBusinessInstant(new Date('2026-05-26T12:59:59+03:00'))).toBe(true);
    expect(isBusinessInstant(new Date('2026-05-26T13:00:00+03:00'))).toBe(false);
    expect(isBusinessInstant(new Date('2026-10-28T09:00:00+03:00'))).toBe(true);
    expect(isBusinessInstant(new Date('2026-10-28T15:00:00+03:00'))).toBe(false);
    expect(isBusinessInstant(new Date('2026-05-27T10:00:00+03:00'))).toBe(false);
    expect(isBusinessInstant(new Date('2026-06-01T23:00:00+03:00'))).toBe(true);
  });

  it('Turkey day boundaries are at 21:00 UTC', () => {
    expect(turkeyDateOf(new Date('2026-12-31T20:59:59Z'))).toBe('2026-12-31');
    expect(turkeyDateOf(new Date('2026-12-31T21:00:00Z'))).toBe('2027-01-01');
    expect(new Date(startOfTurkeyDay('2027-01-01')).toISOString()).toBe('2026-12-31T21:00:00.000Z');
    expect(dayInfo(new Date('2026-12-31T21:30:00Z')).kind).toBe('HOLIDAY');
  });

  it('rejects malformed dates', () => {
    expect(() => dayNumber('2026-02-30')).toThrow(RangeError);
    expect(() => dayNumber('26-1-1')).toThrow(RangeError);
    expect(() => addBusinessDays('2026-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('business-day properties', () => {
  const day = fc.integer({ min: dayNumber('2015-01-01'), max: dayNumber('2035-12-20') }).map(fromDayNumber);
  const n = fc.integer({ min: -40, max: 40 });

  it('addBusinessDays never lands on a weekend or a holiday', () => {
    fc.assert(
      fc.property(day, n, (d, k) => {
        const r = addBusinessDays(d, k);
        const kind = dayInfo(r).kind;
        return kind === 'WORKDAY' || kind === 'HALF_DAY';
      }),
    );
  });

  it('is strictly monotonic in n (but for 0 and 1 from a day off) and monotonic in the start date', () => {
    fc.assert(
      fc.property(day, day, n, n, (d1, d2, k1, k2) => {
        // Strict, except that from a day off, 0 business days and 1 both land on the next business day
        // (n = 0 means "this day if it is a business day, else the next one").
        if (k1 < k2) {
          const same = k1 === 0 && k2 === 1 && !isBusinessDay(d1);
          if (same) expect(addBusinessDays(d1, 0)).toBe(addBusinessDays(d1, 1));
          else expect(addBusinessDays(d1, k1) < addBusinessDays(d1, k2)).toBe(true);
        }
        const [a, b] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(addBusinessDays(a, k1) <= addBusinessDays(b, k1)).toBe(true);
      }),
    );
  });

  it('businessDaysBetween(d, addBusinessDays(d, n)) = n for n ≥ 1', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 1, max: 30 }),
        (d, k) => businessDaysBetween(d, addBusinessDays(d, k)) === k,
      ),
    );
  });

  it('at most 10 calendar days separate consecutive business days (longest run: 23 April + Kurban 2029 + weekends)', () => {
    // From Friday 20 April 2029: 23 April, Kurban Bayramı (arife 23rd, 24–27), the weekend, then Monday the 30th.
    expect(addBusinessDays('2029-04-20', 1)).toBe('2029-04-30');
    fc.assert(fc.property(day, (d) => dayNumber(addBusinessDays(d, 1)) - dayNumber(d) <= 10));
  });
});
