import * as asn1js from 'asn1js';

/**
 * A tiny DER writer. CMS and RFC 3161 structures are assembled from already-encoded pieces so the
 * exact bytes that get signed are the exact bytes that get emitted (no re-encoding by a library
 * between signing and output), and SET OF contents are sorted as DER requires (X.690 §11.6).
 */

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function length(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One TLV with a single-byte tag (all tags used here are < 31). */
export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concat(...content);
  return concat(Uint8Array.of(tag), length(body.length), body);
}

export const seq = (...items: Uint8Array[]): Uint8Array => tlv(0x30, ...items);

/** Bytewise comparison; shorter-is-smaller when one is a prefix (X.690 §11.6 pads with zeros). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export function sortDer(items: Uint8Array[]): Uint8Array[] {
  return [...items].sort(compareBytes);
}

/** SET OF, elements sorted by their encodings. `tag` lets callers emit [0] IMPLICIT SET OF. */
export function setOf(items: Uint8Array[], tag = 0x31): Uint8Array {
  return tlv(tag, ...sortDer(items));
}

/** [n] context-specific constructed (EXPLICIT tagging, or IMPLICIT over a constructed type). */
export const ctx = (n: number, ...content: Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...content);

export const oid = (dotted: string): Uint8Array =>
  new Uint8Array(new asn1js.ObjectIdentifier({ value: dotted }).toBER());

export const octets = (b: Uint8Array): Uint8Array => tlv(0x04, b);
export const nul = (): Uint8Array => Uint8Array.of(0x05, 0x00);
export const bool = (v: boolean): Uint8Array => Uint8Array.of(0x01, 0x01, v ? 0xff : 0x00);

export function integer(v: bigint | number): Uint8Array {
  return new Uint8Array(asn1js.Integer.fromBigInt(BigInt(v)).toBER());
}

/** GeneralizedTime, UTC, fractional seconds without trailing zeros (asn1js does the DER form). */
export const generalizedTime = (d: Date): Uint8Array =>
  new Uint8Array(new asn1js.GeneralizedTime({ valueDate: d }).toBER());

/** RFC 5280/5652 Time: UTCTime through 2049, GeneralizedTime from 2050; whole seconds. */
export function time(d: Date): Uint8Array {
  const whole = new Date(Math.floor(d.getTime() / 1000) * 1000);
  return whole.getUTCFullYear() < 2050
    ? new Uint8Array(new asn1js.UTCTime({ valueDate: whole }).toBER())
    : generalizedTime(whole);
}

/** AlgorithmIdentifier with absent parameters (RFC 5754 for SHA-2, RFC 5758 for ECDSA). */
export const algorithm = (dotted: string): Uint8Array => seq(oid(dotted));

/** BIT STRING from a list of named bit positions, DER minimal (trailing zero bits dropped). */
export function namedBits(bits: number[]): Uint8Array {
  if (bits.length === 0) return Uint8Array.of(0x03, 0x01, 0x00);
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const b of bits) bytes[Math.floor(b / 8)] = (bytes[Math.floor(b / 8)] as number) | (0x80 >> (b % 8));
  const unused = 7 - (highest % 8);
  return tlv(0x03, Uint8Array.of(unused), bytes);
}

/** Parses exactly one DER/BER element and refuses trailing bytes. */
export function parseOne(der: Uint8Array): asn1js.AsnType {
  const res = asn1js.fromBER(der);
  if (res.offset === -1 || res.result.error) throw new Error(`ASN.1 parse error: ${res.result.error}`);
  if (res.offset !== der.byteLength) throw new Error('trailing bytes after ASN.1 element');
  return res.result;
}

/** The exact encoded bytes of a parsed element. */
export function rawBytes(el: asn1js.AsnType): Uint8Array {
  return new Uint8Array(el.valueBeforeDecodeView);
}
