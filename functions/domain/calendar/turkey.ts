/**
 * Turkish business-day calendar (pure; no I/O, no clock).
 *
 * Rules (Law No. 2429 on national and official holidays; see docs/consent-rules.md §Calendar):
 * - Saturday and Sunday are not business days.
 * - Full-day holidays: 1 Jan, 23 Apr, 1 May, 19 May, 15 Jul (from 2017), 30 Aug, 29 Oct,
 *   Ramazan Bayramı (3 days) and Kurban Bayramı (4 days).
 * - Half-day holidays (from 13:00 Turkey time): 28 Oct and the eve (arife) of each religious holiday.
 *   DECISION: a half-day eve IS a business day when counting business days (its morning is working
 *   time, as in Turkish financial-market practice). `isBusinessInstant` reports the afternoon as
 *   non-working time for callers that care about hours.
 * - Administrative leave (idari izin) granted to civil servants to bridge holidays is NOT a holiday.
 *
 * Religious holidays follow the Diyanet İşleri Başkanlığı calendar. They are a fixed table here
 * (RELIGIOUS_HOLIDAYS) for 2015–2035; outside that range only weekends and fixed-date holidays are
 * known. Times are Turkey time: UTC+3 all year (no DST since September 2016; for instants before
 * that the project still uses UTC+3, which only matters for dates the consent rules refuse anyway).
 *
 * Dates are civil dates written 'YYYY-MM-DD'. Instants are Date objects or epoch milliseconds.
 */

export const TURKEY_OFFSET_MS = 3 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** First day ('YYYY-MM-DD') of each religious holiday, per Diyanet's published calendars. */
export const RELIGIOUS_HOLIDAYS: Readonly<Record<'RAMAZAN' | 'KURBAN', readonly string[]>> = {
  // Ramazan Bayramı: 3 days from this date, eve (arife) the day before.
  RAMAZAN: [
    '2015-07-17',
    '2016-07-05',
    '2017-06-25',
    '2018-06-15',
    '2019-06-04',
    '2020-05-24',
    '2021-05-13',
    '2022-05-02',
    '2023-04-21',
    '2024-04-10',
    '2025-03-30',
    '2026-03-20',
    '2027-03-09',
    '2028-02-26',
    '2029-02-14',
    '2030-02-04',
    '2031-01-24',
    '2032-01-14',
    '2033-01-02',
    '2033-12-23',
    '2034-12-12',
    '2035-12-01',
  ],
  // Kurban Bayramı: 4 days from this date, eve (arife) the day before.
  KURBAN: [
    '2015-09-24',
    '2016-09-12',
    '2017-09-01',
    '2018-08-21',
    '2019-08-11',
    '2020-07-31',
    '2021-07-20',
    '2022-07-09',
    '2023-06-28',
    '2024-06-16',
    '2025-06-06',
    '2026-05-27',
    '2027-05-16',
    '2028-05-05',
    '2029-04-24',
    '2030-04-13',
    '2031-04-02',
    '2032-03-22',
    '2033-03-11',
    '2034-03-01',
    '2035-02-18',
  ],
};

/** Years for which the religious holidays are known. */
export const CALENDAR_YEARS = { first: 2015, last: 2035 } as const;

/** Hour (Turkey time) from which a half-day holiday is off. */
export const HALF_DAY_FROM_HOUR = 13;

export type DayKind = 'WORKDAY' | 'HALF_DAY' | 'WEEKEND' | 'HOLIDAY';

export interface DayInfo {
  date: string;
  kind: DayKind;
  /** Name of the holiday or eve (also given when it falls on a weekend). */
  name?: string;
  /** true for Saturday and Sunday. */
  weekend: boolean;
}

interface Entry {
  full: boolean;
  name: string;
}

const FIXED: readonly { md: string; name: string; full: boolean; since?: number }[] = [
  { md: '01-01', name: 'Yılbaşı', full: true },
  { md: '04-23', name: 'Ulusal Egemenlik ve Çocuk Bayramı', full: true },
  { md: '05-01', name: 'Emek ve Dayanışma Günü', full: true },
  { md: '05-19', name: "Atatürk'ü Anma, Gençlik ve Spor Bayramı", full: true },
  { md: '07-15', name: 'Demokrasi ve Millî Birlik Günü', full: true, since: 2017 },
  { md: '08-30', name: 'Zafer Bayramı', full: true },
  { md: '10-28', name: 'Cumhuriyet Bayramı arifesi (13:00’ten itibaren)', full: false },
  { md: '10-29', name: 'Cumhuriyet Bayramı', full: true },
];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a civil date 'YYYY-MM-DD' (throws on a malformed or impossible date). */
export function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`impossible date: ${date}`);
  }
  return Math.round(ms / DAY_MS);
}

/** The civil date 'YYYY-MM-DD' of a day number. */
export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Adds calendar days to a civil date. */
export function addDays(date: string, n: number): string {
  return fromDayNumber(dayNumber(date) + n);
}

/** The Turkey-time civil date of an instant. */
export function turkeyDateOf(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + TURKEY_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant (epoch ms) at which a Turkey civil date starts (00:00:00 Turkey time). */
export function startOfTurkeyDay(date: string): number {
  return dayNumber(date) * DAY_MS - TURKEY_OFFSET_MS;
}

const yearCache = new Map<number, Map<string, Entry>>();

function put(map: Map<string, Entry>, date: string, e: Entry): void {
  const cur = map.get(date);
  // A full holiday beats a half day (e.g. a religious eve falling on 29 Oct or 19 May).
  if (!cur || (e.full && !cur.full)) map.set(date, e);
  else if (cur.full === e.full && !cur.name.includes(e.name))
    map.set(date, { full: cur.full, name: `${cur.name}; ${e.name}` });
}

function holidayMap(year: number): Map<string, Entry> {
  const hit = yearCache.get(year);
  if (hit) return hit;
  const map = new Map<string, Entry>();
  for (const f of FIXED) {
    if (f.since !== undefined && year < f.since) continue;
    put(map, `${String(year).padStart(4, '0')}-${f.md}`, { full: f.full, name: f.name });
  }
  // Religious holidays: scan the neighbouring years too, since an eve or a holiday can cross New Year.
  const spans: ['RAMAZAN' | 'KURBAN', number, string][] = [
    ['RAMAZAN', 3, 'Ramazan Bayramı'],
    ['KURBAN', 4, 'Kurban Bayramı'],
  ];
  for (const [key, len, name] of spans) {
    for (const first of RELIGIOUS_HOLIDAYS[key]) {
      const y0 = Number(first.slice(0, 4));
      if (Math.abs(y0 - year) > 1) continue;
      const eve = addDays(first, -1);
      if (eve.startsWith(`${year}-`))
        put(map, eve, { full: false, name: `${name} arifesi (13:00’ten itibaren)` });
      for (let i = 0; i < len; i++) {
        const d = addDays(first, i);
        if (d.startsWith(`${year}-`)) put(map, d, { full: true, name: `${name} ${i + 1}. gün` });
      }
    }
  }
  yearCache.set(year, map);
  return map;
}

function toDate(date: string | Date | number): string {
  if (typeof date !== 'string') return turkeyDateOf(date);
  dayNumber(date); // validates
  return date;
}

/** What kind of day a civil date (or the Turkey day of an instant) is. */
export function dayInfo(date: string | Date | number): DayInfo {
  const d = toDate(date);
  const weekday = new Date(dayNumber(d) * DAY_MS).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const h = holidayMap(Number(d.slice(0, 4))).get(d);
  let kind: DayKind;
  if (h?.full) kind = 'HOLIDAY';
  else if (weekend) kind = 'WEEKEND';
  else if (h) kind = 'HALF_DAY';
  else kind = 'WORKDAY';
  const info: DayInfo = { date: d, kind, weekend };
  if (h) info.name = h.name;
  return info;
}

/** Business day = not a weekend and not a full-day holiday (half-day eves count as business days). */
export function isBusinessDay(date: string | Date | number): boolean {
  const k = dayInfo(date).kind;
  return k === 'WORKDAY' || k === 'HALF_DAY';
}

/** Working time: a business day, and before 13:00 Turkey time if it is a half-day eve. */
export function isBusinessInstant(instant: Date | number): boolean {
  const info = dayInfo(instant);
  if (info.kind === 'WORKDAY') return true;
  if (info.kind !== 'HALF_DAY') return false;
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const hour = new Date(ms + TURKEY_OFFSET_MS).getUTCHours();
  return hour < HALF_DAY_FROM_HOUR;
}

/**
 * Business-day arithmetic on civil dates.
 * - n > 0: the n-th business day strictly after `date` (Friday + 1 → Monday).
 * - n < 0: the |n|-th business day strictly before `date`.
 * - n = 0: `date` itself if it is a business day, otherwise the next business day.
 * The result is always a business day.
 */
export function addBusinessDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`n must be an integer: ${n}`);
  let day = dayNumber(date);
  if (n === 0) {
    while (!isBusinessDay(fromDayNumber(day))) day++;
    return fromDayNumber(day);
  }
  const step = n > 0 ? 1 : -1;
  let left = Math.abs(n);
  while (left > 0) {
    day += step;
    if (isBusinessDay(fromDayNumber(day))) left--;
  }
  return fromDayNumber(day);
}

/** Number of business days d with from < d ≤ to (0 when to ≤ from). */
export function businessDaysBetween(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  let count = 0;
  for (let d = a + 1; d <= b; d++) if (isBusinessDay(fromDayNumber(d))) count++;
  return count;
}

/** Every holiday and half-day eve of a year (weekend ones included), sorted by date. */
export function holidaysOf(year: number): DayInfo[] {
  return [...holidayMap(year).keys()].sort().map((d) => dayInfo(d));
}
