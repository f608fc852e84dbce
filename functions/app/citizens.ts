import type { OtpItem } from '../adapters/citizen-session.js';
import type { RecipientRef, StateItem } from '../adapters/consent-store.js';
import type { OutboxMessage } from '../adapters/outbox.js';
import type { BrandItem, ProviderItem } from '../adapters/registry-store.js';
import {
  checkChannel,
  otpRules,
  otpText,
  overLimit,
  parseAddress,
  sessionSeconds,
} from '../domain/citizen.js';
import { formatTurkeyTime } from '../domain/consent/dates.js';
import type { ConsentSource, ConsentStatus, ConsentType, RecipientType } from '../domain/consent/types.js';
import { IysError } from '../domain/errors.js';
import type { ConsentUseCases, Recorded } from './consents.js';

/**
 * The recipient (citizen) use cases: prove an address, see every consent held for it across providers and
 * brands, change them, add a brand. Every change goes through `recordConsent` like a provider's.
 * Nothing here tells a caller whether an address has consents before the address is verified.
 */
export interface Citizen {
  recipient: string;
  ridx: string;
}

/** What the recipient use cases reach: codes and sessions, the outbox, the registry, the consent states. */
export interface CitizenPorts {
  /** Counts one more request under `name` (a fixed window); the counter lapses at `expiresAtSeconds`. */
  countRequest(name: string, expiresAtSeconds: number): Promise<number>;
  /** The registry-wide blind index of a normalised address. */
  registryIndexOf(address: string): Promise<string>;
  newCode(digits: number): string;
  getOtp(ridx: string): Promise<OtpItem | undefined>;
  /** Replaces any earlier code of the address (its tries start again). */
  putOtp(ridx: string, code: string, nowSeconds: number, ttlSeconds: number): Promise<void>;
  /** Counts a try and consumes a right code; every failure looks the same. */
  checkOtp(ridx: string, code: string, nowSeconds: number, maxTries: number): Promise<boolean>;
  issueSession(
    address: string,
    nowSeconds: number,
    lifetimeSeconds: number,
  ): Promise<{ token: string; expiresAt: number }>;
  send(m: OutboxMessage, now: Date): Promise<unknown>;
  /** Cached look-ups (the directory). */
  provider(iysCode: number): Promise<ProviderItem | undefined>;
  brand(iysCode: number, brandCode: number): Promise<BrandItem | undefined>;
  /** The provider a brand code belongs to. */
  brandOwner(brandCode: number): Promise<number | undefined>;
  /** Every consent held for a registry index, across providers and brands. */
  recipientIndex(ridx: string): Promise<RecipientRef[]>;
  getStates(keys: { pk: string; sk: string }[]): Promise<StateItem[]>;
  getState(key: { pk: string; sk: string }): Promise<StateItem | undefined>;
  /** The consent use cases: a recipient's change is recorded like a provider's. */
  consents: Pick<ConsentUseCases, 'consentKeys' | 'recordConsent'>;
}

const hourOf = (s: number) => Math.floor(s / 3600);

export function citizenUseCases(ports: CitizenPorts) {
  async function limit(name: string, nowS: number, max: number): Promise<void> {
    const h = hourOf(nowS);
    if (overLimit(await ports.countRequest(`${name}#${h}`, (h + 2) * 3600), max))
      throw IysError.limited('X041', (h + 1) * 3600 - nowS);
  }

  /** POST /citizen/verifications: always the same 202 for a well-formed address, whatever it holds. */
  async function requestCode(raw: unknown, ip: string, now: Date): Promise<{ expiresInSeconds: number }> {
    const address = parseAddress(raw);
    const nowS = Math.floor(now.getTime() / 1000);
    await limit(`citizen-code-ip#${ip}`, nowS, otpRules.perIpPerHour);
    const ridx = await ports.registryIndexOf(address.value);
    const previous = await ports.getOtp(ridx);
    if (previous && previous.expiresAt > nowS && nowS - previous.createdAt < otpRules.resendAfterSeconds) {
      throw IysError.limited('X041', otpRules.resendAfterSeconds - (nowS - previous.createdAt));
    }
    await limit(`citizen-code-adr#${ridx}`, nowS, otpRules.perAddressPerHour);
    const code = ports.newCode(otpRules.codeDigits);
    await ports.putOtp(ridx, code, nowS, otpRules.ttlSeconds);
    await ports.send(
      {
        channel: address.kind === 'PHONE' ? 'SMS' : 'EPOSTA',
        to: address.value,
        text: otpText(code),
        subject: 'İYS doğrulama kodu',
      },
      now,
    );
    return { expiresInSeconds: otpRules.ttlSeconds };
  }

  /** POST /citizen/sessions: a right, unexpired, unused code within its 3 tries opens a 15-minute session. */
  async function openSession(
    raw: unknown,
    code: string,
    ip: string,
    now: Date,
  ): Promise<{ token: string; expiresAt: string }> {
    const nowS = Math.floor(now.getTime() / 1000);
    await limit(`citizen-check-ip#${ip}`, nowS, otpRules.checksPerIpPerHour);
    const address = parseAddress(raw);
    const ridx = await ports.registryIndexOf(address.value);
    if (!(await ports.checkOtp(ridx, code, nowS, otpRules.maxTries))) throw IysError.of('X040');
    const s = await ports.issueSession(address.value, nowS, sessionSeconds);
    return { token: s.token, expiresAt: new Date(s.expiresAt * 1000).toISOString() };
  }

  /** Every consent held for the address, all providers and brands (one Query, ⌈n/100⌉ BatchGets, no KMS). */
  async function listConsents(c: Citizen) {
    const refs = await ports.recipientIndex(c.ridx);
    const states = await ports.getStates(refs.map((r) => ({ pk: r.statePk, sk: r.stateSk })));
    const list = [];
    for (const s of states) {
      const [provider, brand] = await Promise.all([
        ports.provider(s.iysCode),
        ports.brand(s.iysCode, s.brandCode),
      ]);
      list.push({
        iysCode: s.iysCode,
        providerTitle: provider?.title ?? String(s.iysCode),
        brandCode: s.brandCode,
        brandName: brand?.name ?? String(s.brandCode),
        type: s.type,
        recipientType: s.recipientType,
        status: s.status,
        ...(s.source ? { source: s.source } : {}),
        ...(s.cd !== undefined ? { consentDate: formatTurkeyTime(s.cd) } : {}),
        creationDate: formatTurkeyTime(s.cr * 1000),
      });
    }
    list.sort((a, b) => a.brandName.localeCompare(b.brandName, 'tr') || a.type.localeCompare(b.type));
    return { recipient: c.recipient, list };
  }

  async function existingState(
    iysCode: number,
    brandCode: number,
    recipient: string,
    rt: RecipientType,
    type: ConsentType,
  ) {
    const provider = await ports.provider(iysCode);
    if (!provider) throw IysError.of('H001', { vars: { iysCode } });
    const brand = await ports.brand(iysCode, brandCode);
    if (!brand) throw IysError.of('H018', { vars: { brandCode } });
    const { key } = await ports.consents.consentKeys(provider, brandCode, recipient, rt, type);
    return ports.getState(key);
  }

  /**
   * A change made by İYS on the recipient's behalf (portal IYS_WEB/IYS_MOBIL, call centre IYS_CM, SMS
   * IYS_KISAMESAJ, reject links IYS_EPOSTA). Only an existing consent can be changed here (X044);
   * a brand not yet on the list is added with `addBrand`.
   */
  async function changeConsent(
    recipient: string,
    t: {
      iysCode: number;
      brandCode: number;
      type: ConsentType;
      status: ConsentStatus;
      recipientType?: RecipientType;
    },
    source: ConsentSource,
    now: Date,
    repeatKey?: string,
    opts: { allowCreate?: boolean } = {},
  ): Promise<Recorded> {
    const rt = t.recipientType ?? 'BIREYSEL';
    const current = await existingState(t.iysCode, t.brandCode, recipient, rt, t.type);
    // The call centre may also record a first ONAY on the recipient's word (İYS ViA: IYS_CM).
    if (!current && !(opts.allowCreate && t.status === 'ONAY')) throw IysError.of('X044');
    return ports.consents.recordConsent(
      { iysCode: t.iysCode, brandCode: t.brandCode },
      {
        recipient,
        type: t.type,
        status: t.status,
        source,
        consentDate: formatTurkeyTime(now),
        recipientType: rt,
      },
      { actor: 'IYS', now, repeat: repeatKey ? { kind: 'key', key: repeatKey } : { kind: 'v1' } },
    );
  }

  async function changeOwnConsent(
    c: Citizen,
    t: {
      iysCode: number;
      brandCode: number;
      type: ConsentType;
      status: ConsentStatus;
      recipientType?: RecipientType;
    },
    source: 'IYS_WEB' | 'IYS_MOBIL',
    now: Date,
  ): Promise<Recorded> {
    checkChannel(parseAddress(c.recipient), t.type);
    return changeConsent(c.recipient, t, source, now);
  }

  /** POST /citizen/brands: the recipient adds a brand first-hand (ONAY, IYS_WEB_YENI, optional name). */
  async function addBrand(
    c: Citizen,
    b: { brandCode: number; type: ConsentType; citizenName?: string },
    now: Date,
  ): Promise<Recorded & { iysCode: number }> {
    checkChannel(parseAddress(c.recipient), b.type);
    const iysCode = await ports.brandOwner(b.brandCode);
    if (iysCode === undefined) throw IysError.of('H018', { vars: { brandCode: b.brandCode } });
    const current = await existingState(iysCode, b.brandCode, c.recipient, 'BIREYSEL', b.type);
    if (current) throw IysError.of('X043');
    const r = await ports.consents.recordConsent(
      { iysCode, brandCode: b.brandCode },
      {
        recipient: c.recipient,
        type: b.type,
        status: 'ONAY',
        source: 'IYS_WEB_YENI',
        consentDate: formatTurkeyTime(now),
        recipientType: 'BIREYSEL',
      },
      { actor: 'IYS', now, repeat: { kind: 'v1' }, ...(b.citizenName ? { citizenName: b.citizenName } : {}) },
    );
    return { ...r, iysCode };
  }

  return { requestCode, openSession, listConsents, changeConsent, changeOwnConsent, addBrand };
}

export type CitizenUseCases = ReturnType<typeof citizenUseCases>;
