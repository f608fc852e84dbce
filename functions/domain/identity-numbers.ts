/**
 * Turkish identity numbers and their check-digit rules (pure; docs/onboarding.md cites the rules).
 * - TCKN (T.C. Kimlik No, real persons): 11 digits, first not 0; digit 10 = ((d1+d3+d5+d7+d9)·7 −
 *   (d2+d4+d6+d8)) mod 10; digit 11 = (d1+…+d10) mod 10.
 * - VKN (Vergi Kimlik No, legal persons): 10 digits; for i = 1…9: t = (dᵢ + 10 − i) mod 10,
 *   v = t·2^(10−i) mod 9 (9 when t ≠ 0 and v = 0); digit 10 = (10 − Σv mod 10) mod 10.
 * - MERSIS: 16 digits. A number starting with 0 carries the company's VKN in digits 2–11 (İYS checks that
 *   VKN, reference §7.9); the remaining digits are a registry sequence with no published check rule.
 */
const digits = (s: string) => [...s].map(Number);

export function isValidTckn(value: unknown): boolean {
  if (typeof value !== 'string' || !/^[1-9]\d{10}$/.test(value)) return false;
  const d = digits(value);
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!;
  const even = d[1]! + d[3]! + d[5]! + d[7]!;
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  if (tenth !== d[9]) return false;
  const eleventh = d.slice(0, 10).reduce((a, b) => a + b, 0) % 10;
  return eleventh === d[10];
}

export function isValidVkn(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{10}$/.test(value)) return false;
  const d = digits(value);
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const t = (d[i]! + 9 - i) % 10;
    let v = (t * 2 ** (9 - i)) % 9;
    if (t !== 0 && v === 0) v = 9;
    sum += v;
  }
  return (10 - (sum % 10)) % 10 === d[9];
}

/** The VKN embedded in a MERSIS number that starts with 0, else undefined. */
export function mersisVkn(value: string): string | undefined {
  return /^0\d{15}$/.test(value) ? value.slice(1, 11) : undefined;
}

export function isValidMersis(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{16}$/.test(value)) return false;
  const vkn = mersisVkn(value);
  return vkn === undefined || isValidVkn(vkn);
}

/** A tax number (tin) of a retailer: a VKN (10) or, for sole traders, a TCKN (11). */
export function isValidTin(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  return value.length === 10 ? isValidVkn(value) : value.length === 11 ? isValidTckn(value) : false;
}

/** Makes a valid TCKN from 9 leading digits (tests and fixtures). */
export function tcknFrom(first9: string): string {
  const d = digits(first9);
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!;
  const even = d[1]! + d[3]! + d[5]! + d[7]!;
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  const eleventh = (d.reduce((a, b) => a + b, 0) + tenth) % 10;
  return `${first9}${tenth}${eleventh}`;
}

/** Makes a valid VKN from 9 leading digits (tests and fixtures). */
export function vknFrom(first9: string): string {
  for (let c = 0; c <= 9; c++) if (isValidVkn(`${first9}${c}`)) return `${first9}${c}`;
  throw new Error('unreachable: every 9-digit prefix has one check digit');
}
