import * as session from '../adapters/citizen-session.js';
import * as consentStore from '../adapters/consent-store.js';
import { directory } from '../adapters/directory.js';
import { send } from '../adapters/outbox.js';
import { brandOwner, countRequest } from '../adapters/registry-store.js';
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
import { awsConsents } from '../wiring/consents.js';
import type { Recorded } from './consents.js';

/** Not yet given its ports (docs/architecture.md): the consent use cases over AWS. */
const consents = awsConsents();

/**
 * The recipient (citizen) use cases: prove an address, see every consent held for it across providers and
 * brands, change them, add a brand. Every change goes through `recordConsent` like a provider's.
 * Nothing here tells a caller whether an address has consents before the address is verified.
 */
export interface Citizen {
  recipient: string;
  ridx: string;
}

const hourOf = (s: number) => Math.floor(s / 3600);

async function limit(name: string, nowS: number, max: number): Promise<void> {
  const h = hourOf(nowS);
  if (overLimit(await countRequest(`${name}#${h}`, (h + 2) * 3600), max))
    throw IysError.limited('X041', (h + 1) * 3600 - nowS);
}

/** POST /citizen/verifications: always the same 202 for a well-formed address, whatever it holds. */
export async function requestCode(
  raw: unknown,
  ip: string,
  now: Date,
): Promise<{ expiresInSeconds: number }> {
  const address = parseAddress(raw);
  const nowS = Math.floor(now.getTime() / 1000);
  await limit(`citizen-code-ip#${ip}`, nowS, otpRules.perIpPerHour);
  const ridx = await session.registryIndexOf(address.value);
  const previous = await session.getOtp(ridx);
  if (previous && previous.expiresAt > nowS && nowS - previous.createdAt < otpRules.resendAfterSeconds) {
    throw IysError.limited('X041', otpRules.resendAfterSeconds - (nowS - previous.createdAt));
  }
  await limit(`citizen-code-adr#${ridx}`, nowS, otpRules.perAddressPerHour);
  const code = session.newCode(otpRules.codeDigits);
  await session.putOtp(ridx, code, nowS, otpRules.ttlSeconds);
  await send(
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
export async function openSession(
  raw: unknown,
  code: string,
  ip: string,
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  const nowS = Math.floor(now.getTime() / 1000);
  await limit(`citizen-check-ip#${ip}`, nowS, otpRules.checksPerIpPerHour);
  const address = parseAddress(raw);
  const ridx = await session.registryIndexOf(address.value);
  if (!(await session.checkOtp(ridx, code, nowS, otpRules.maxTries))) throw IysError.of('X040');
  const s = await session.issueSession(address.value, nowS, sessionSeconds);
  return { token: s.token, expiresAt: new Date(s.expiresAt * 1000).toISOString() };
}

/** Every consent held for the address, all providers and brands (one Query, ⌈n/100⌉ BatchGets, no KMS). */
export async function listConsents(c: Citizen) {
  const refs = await consentStore.recipientIndex(c.ridx);
  const states = await consentStore.getStates(refs.map((r) => ({ pk: r.statePk, sk: r.stateSk })));
  const list = [];
  for (const s of states) {
    const [provider, brand] = await Promise.all([
      directory.provider(s.iysCode),
      directory.brand(s.iysCode, s.brandCode),
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
  const provider = await directory.provider(iysCode);
  if (!provider) throw IysError.of('H001', { vars: { iysCode } });
  const brand = await directory.brand(iysCode, brandCode);
  if (!brand) throw IysError.of('H018', { vars: { brandCode } });
  const { key } = await consents.consentKeys(provider, brandCode, recipient, rt, type);
  return consentStore.getState(key);
}

/**
 * A change made by İYS on the recipient's behalf (portal IYS_WEB/IYS_MOBIL, call centre IYS_CM, SMS
 * IYS_KISAMESAJ, reject links IYS_EPOSTA). Only an existing consent can be changed here (X044);
 * a brand not yet on the list is added with `addBrand`.
 */
export async function changeConsent(
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
  return consents.recordConsent(
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

export async function changeOwnConsent(
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
export async function addBrand(
  c: Citizen,
  b: { brandCode: number; type: ConsentType; citizenName?: string },
  now: Date,
): Promise<Recorded & { iysCode: number }> {
  checkChannel(parseAddress(c.recipient), b.type);
  const iysCode = await brandOwner(b.brandCode);
  if (iysCode === undefined) throw IysError.of('H018', { vars: { brandCode: b.brandCode } });
  const current = await existingState(iysCode, b.brandCode, c.recipient, 'BIREYSEL', b.type);
  if (current) throw IysError.of('X043');
  const r = await consents.recordConsent(
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
