/**
 * Consent vocabulary of İYS (enumerations as const arrays, so that zod schemas, OpenAPI and tests share
 * one list) and the shapes the domain works with. Orders follow İYS's own lists (e.g. the H119 message).
 */

export const CONSENT_TYPES = ['ARAMA', 'MESAJ', 'EPOSTA'] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];

export const CONSENT_STATUSES = ['ONAY', 'RET'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const RECIPIENT_TYPES = ['BIREYSEL', 'TACIR'] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];

/** Sources a service provider (HS) may send; same order as İYS's H119 message. */
export const HS_SOURCES = [
  'HS_FIZIKSEL_ORTAM',
  'HS_ISLAK_IMZA',
  'HS_WEB',
  'HS_CAGRI_MERKEZI',
  'HS_SOSYAL_MEDYA',
  'HS_EPOSTA',
  'HS_MESAJ',
  'HS_MOBIL',
  'HS_EORTAM',
  'HS_ETKINLIK',
  'HS_2015',
  'HS_ATM',
  'HS_KARAR',
] as const;
export type HsSource = (typeof HS_SOURCES)[number];

/** Sources only İYS itself sets (recipient actions on İYS channels, AHS line closure, ViA Frame). */
export const IYS_SOURCES = [
  'IYS_KISAMESAJ',
  'IYS_CM',
  'IYS_WEB',
  'IYS_WEB_YENI',
  'IYS_MOBIL',
  'IYS_EPOSTA',
  'IYS_AHS_HAT_KAPATMA',
  'IYS_FRAME_EPOSTA',
  'IYS_FRAME_SMS',
] as const;
export type IysSource = (typeof IYS_SOURCES)[number];

export const CONSENT_SOURCES = [...HS_SOURCES, ...IYS_SOURCES] as const;
export type ConsentSource = HsSource | IysSource;

/** Who records a movement: a service provider through the API, or İYS itself (citizen channels, jobs). */
export type Actor = 'HS' | 'IYS';

/** Fields of a consent body, in the order İYS lists them in H118. */
export const CONSENT_FIELDS = [
  'recipientType',
  'retailerAccess',
  'recipient',
  'retailerCode',
  'source',
  'type',
  'consentDate',
  'status',
] as const;

/** The instant of consentDate 2015-05-01 00:00:00 (Turkey time), the earliest İYS accepts; HS_2015 must use exactly it. */
export const HS_2015_DATE_TEXT = '2015-05-01 00:00:00';

/** A consent as a caller sends it (the wire shape; values not yet checked beyond their JSON types). */
export interface ConsentInput {
  recipient: string;
  type: ConsentType;
  status: ConsentStatus;
  /** Required, except on the first record of a TACIR consent. */
  source?: ConsentSource;
  /** 'YYYY-MM-DD HH:mm:ss' in Turkey time. Required, except on the first record of a TACIR consent. */
  consentDate?: string;
  /** Defaults to BIREYSEL. */
  recipientType?: RecipientType;
  /** 8-digit retailer İYS number. */
  retailerCode?: number;
  /** 8-digit retailer İYS numbers with access to the consent (≤ 3000, unique). */
  retailerAccess?: number[];
}

/** A consentDate, both as the original text and as an instant. */
export interface ConsentDate {
  /** Exactly as received: 'YYYY-MM-DD HH:mm:ss' (Turkey time, UTC+3). */
  text: string;
  /** The same instant in epoch milliseconds. */
  epochMs: number;
}

export type RecipientKind = 'PHONE' | 'EMAIL';

/** Identity of a consent within one brand: (recipient, recipientType, type). */
export interface ConsentKey {
  /** Normalised: E.164 phone or lower-case e-mail. */
  recipient: string;
  recipientType: RecipientType;
  type: ConsentType;
}

/** A validated, normalised consent movement (what validateConsent returns). */
export interface ConsentRecord extends ConsentKey {
  recipientKind: RecipientKind;
  status: ConsentStatus;
  /** Absent only on a TACIR movement that left it out. */
  source?: ConsentSource;
  /** Absent only on a TACIR movement that left it out. */
  consentDate?: ConsentDate;
  retailerCode?: number;
  retailerAccess?: number[];
}

/** The current state of one consent key (the result of the accepted movements so far). */
export type ConsentState = ConsentRecord;
