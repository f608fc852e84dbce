import { createHmac } from 'node:crypto';
import type { ConsentSource, ConsentStatus, ConsentType, RecipientType } from './consent/types.js';

/**
 * A movement: one accepted change of one consent, as it is recorded, signed and delivered. Its canonical
 * bytes (sorted-key JSON, UTF-8) are what gets encrypted, logged in the provider's Merkle log and shown in
 * receipts.
 */
export interface Movement {
  iysCode: number;
  brandCode: number;
  recipient: string;
  recipientType: RecipientType;
  type: ConsentType;
  status: ConsentStatus;
  source?: ConsentSource;
  /** 'YYYY-MM-DD HH:mm:ss' Turkey time; absent for a TACIR record first saved without a date. */
  consentDate?: string;
  /** 'YYYY-MM-DD HH:mm:ss' Turkey time: when the registry recorded the movement. */
  creationDate: string;
  transactionId: string;
  retailerCode?: number;
  retailerAccess?: number[];
  /** Only for IYS_WEB_YENI: the name a recipient gave when adding the brand. */
  citizenName?: string;
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const { sorted, prefixes } = keyOrder(o);
    let out = '{';
    for (let i = 0; i < sorted.length; i++) {
      const v = o[sorted[i]!];
      if (v === undefined) continue;
      out += `${out.length > 1 ? ',' : ''}${prefixes[i]}${typeof v === 'object' && v !== null ? canonicalJson(v) : JSON.stringify(v)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

/**
 * The sorted keys of an object and their JSON prefixes, remembered for the last few key sequences seen: the
 * rows of a batch or a file come in a handful of shapes (a CSV row leaves empty cells out), so the sort and
 * the key escaping are done once per shape.
 */
interface KeyOrder {
  keys: string[];
  sorted: string[];
  prefixes: string[];
}
const keyOrders: KeyOrder[] = [];
function keyOrder(o: Record<string, unknown>): KeyOrder {
  const keys = Object.keys(o);
  for (const k of keyOrders) {
    if (k.keys.length !== keys.length) continue;
    let same = true;
    for (let i = 0; i < keys.length && same; i++) same = k.keys[i] === keys[i];
    if (same) return k;
  }
  const sorted = [...keys].sort();
  const order = { keys, sorted, prefixes: sorted.map((k) => `${JSON.stringify(k)}:`) };
  keyOrders.unshift(order);
  if (keyOrders.length > 8) keyOrders.pop();
  return order;
}

/**
 * What a stored consent keeps encrypted: the personal data of the record (the address, and the citizen's
 * name of an IYS_WEB_YENI consent). The rest of the record (channel, status, source, dates, transactionId,
 * retailers) is the index the registry needs in clear for conditional writes, multi-status and statistics,
 * and identifies nobody without the address. Compact keys keep a consent item under 1 KB (one write unit).
 */
export interface PersonalData {
  r: string;
  n?: string;
}

export function personalDataOf(recipient: string, citizenName?: string): Buffer {
  return Buffer.from(
    JSON.stringify(citizenName ? { r: recipient, n: citizenName } : { r: recipient }),
    'utf8',
  );
}

/** The clear attributes of a stored consent or movement that, with the personal data, make the record. */
export interface RecordIndex {
  iysCode: number;
  brandCode: number;
  recipientType: RecipientType;
  type: ConsentType;
  status: ConsentStatus;
  source?: ConsentSource;
  /** consentDate, epoch ms */
  cd?: number;
  /** creationDate, epoch seconds */
  cr: number;
  txn: string;
  retailerCode?: number;
  retailerAccess?: number[];
}

/** Rebuilds the full movement record (the canonical one) from its index and its decrypted personal data. */
export function movementOf(i: RecordIndex, p: PersonalData, formatTime: (ms: number) => string): Movement {
  return {
    iysCode: i.iysCode,
    brandCode: i.brandCode,
    recipient: p.r,
    recipientType: i.recipientType,
    type: i.type,
    status: i.status,
    ...(i.source ? { source: i.source } : {}),
    ...(i.cd !== undefined ? { consentDate: formatTime(i.cd) } : {}),
    creationDate: formatTime(i.cr * 1000),
    transactionId: i.txn,
    ...(i.retailerCode !== undefined ? { retailerCode: i.retailerCode } : {}),
    ...(i.retailerAccess?.length ? { retailerAccess: [...i.retailerAccess] } : {}),
    ...(p.n ? { citizenName: p.n } : {}),
  };
}

export function canonicalBytes(m: Movement): Buffer {
  return Buffer.from(canonicalJson(m), 'utf8');
}

/** Change-feed groups: movements providers sent (HS_*) and those recipients made on İYS (IYS_*). */
export type FeedGroup = 'HS' | 'IYS';
export function feedGroup(source: ConsentSource | undefined): FeedGroup {
  return source?.startsWith('IYS_') ? 'IYS' : 'HS';
}

/**
 * transactionId: 64 hex characters, as İYS's. The first 8 are the second the movement was recorded (its
 * creationDate, unix seconds), so anyone holding the id knows when it was recorded: a receipt asked for
 * before the evidence log has it can say "not logged yet" instead of "unknown" (functions/app/evidence-log.ts).
 * The other 56 are the request digest: an HMAC under the provider's secret of what makes the movement
 * itself. `basis` decides what repeats: addConsentV2 and bulk rows hash the request, so the same request
 * gives the same digest (and is answered with the id first recorded, no second movement); v1 also hashes
 * the request's second, as İYS does. The digest, not the whole id, binds the sealed personal data (AAD), so
 * the second can be taken right before the write commits.
 */
export function requestDigest(secret: Buffer, basis: string): string {
  return createHmac('sha256', secret).update(`txn|${basis}`).digest('hex').slice(0, 56);
}

export function transactionId(seconds: number, digest: string): string {
  return seconds.toString(16).padStart(8, '0') + digest;
}

/** The second a transactionId was recorded (its first 8 hex digits). */
export function txnSeconds(txn: string): number {
  return Number.parseInt(txn.slice(0, 8), 16);
}

/** The request digest of a transactionId (what the sealed personal data is bound to). */
export function txnDigest(txn: string): string {
  return txn.slice(8);
}

/** The feed spreads one brand's hour over several partitions (shards), picked from the request digest. */
export function feedShard(txn: string, shards: number): number {
  return Number.parseInt(txn.slice(8, 12), 16) % shards;
}

export function hourBucket(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 13).replace(/[-T]/g, '');
}

/** The feed's order and cursor: creation second, then transactionId (`<unixSeconds>_<transactionId>`). */
export function feedSortKey(epochSeconds: number, txn: string): string {
  return `${String(epochSeconds).padStart(10, '0')}#${txn}`;
}

export function parseCursor(after: string): { seconds: number; txn: string } | undefined {
  const m = /^(\d{1,10})_([0-9a-f]{64})$/.exec(after);
  return m ? { seconds: Number(m[1]), txn: m[2]! } : undefined;
}

export function formatCursor(seconds: number, txn: string): string {
  return `${seconds}_${txn}`;
}

/**
 * A blind index: HMAC-SHA-256 of a normalised address under a secret, so that no table key holds an address
 * (the provider's secret for its consent keys, the registry's for the recipient index).
 */
export function blindIndex(secret: Uint8Array, normalisedAddress: string): string {
  return createHmac('sha256', secret).update(normalisedAddress, 'utf8').digest('base64url');
}
