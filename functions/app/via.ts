/**
 * ViA core (İYS "İleti ViA", issue 14; docs/via.md): consents the registry collects from a recipient itself.
 *
 * How to call (ViA Frame and other callers build on these; signatures only grow):
 *
 *   const via = viaUseCases(ports);                 // AWS: awsVia() in functions/wiring/via.ts
 *   const body = parseStartBody(json);              // functions/domain/via/request.ts (H10xx errors)
 *   if (!body.ok) throw new IysError(body.errors);
 *   const { requestId } = await via.start(iysCode, body.value, { actor: 'user', baseUrl, source: 'IYS_FRAME_SMS' });
 *   // the recipient gets the code (OTP) or the link (SHORTURL/APPROVALURL) through the outbox
 *   const c = parseConfirmBody({ requestId, verificationType: 'SMS_OTP', consentTypes: [{ title: 'ETK', otpCode }] });
 *   const { consents } = await via.confirm(iysCode, c.value, { actor: 'user', baseUrl });
 *   // consents: [{ transactionId, creationDate, type, brandCode? }] as İYS answers them
 *
 * `ctx.source` (start only; it is kept with the request) replaces the channel's source (IYS_KISAMESAJ for SMS,
 * IYS_EPOSTA for e-mail), e.g. IYS_FRAME_SMS / IYS_FRAME_EPOSTA for the widget. `ctx.now` defaults to the
 * ports' clock (IYS_NOW locally). Every refusal is an IysError with İYS's code.
 *
 * Rules: an OTP lives 3 minutes with 3 tries, a link 24 h and works once (domain/via/challenge.ts); each
 * answered title (approval or rejection) spends one ViA credit in the same conditional write that settles
 * the request (−1 unlimited; none left: H1015); ETK consents go through the consent write path
 * (`recordConsent`: none → ONAY, RET → ONAY, ONAY re-recorded with the new source and date); KVK consents
 * are the request's own, indexed for searchKVKConsent; a completed request has a signed, time-stamped
 * evidence file; flood limits per recipient and provider answer 429 with Retry-After.
 */
import { createHash } from 'node:crypto';
import type { Sealed } from '../adapters/envelope.js';
import type { OutboxMessage } from '../adapters/outbox.js';
import type { BrandItem, ProviderItem } from '../adapters/registry-store.js';
import type {
  SaveOutcome,
  ViaConsentResult,
  ViaEvidenceItem,
  ViaForm,
  ViaRequestItem,
} from '../adapters/via-store.js';
import { formatTurkeyTime } from '../domain/consent/dates.js';
import type { ConsentSource, ConsentType } from '../domain/consent/types.js';
import { errorItem, IysError } from '../domain/errors.js';
import type { ViaPackage } from '../domain/subscription.js';
import {
  answerChallenge,
  type Challenge,
  issueChallenge,
  maskAddress,
  OTP_LIFETIME_MS,
  otpCode,
  sameDigest,
} from '../domain/via/challenge.js';
import { evidenceDocument, verificationNote } from '../domain/via/evidence.js';
import {
  type ConfirmBody,
  channelOf,
  type FormKind,
  formKindOf,
  isOpen,
  type KvkType,
  type PersonData,
  REQUEST_ID,
  type StartBody,
  sourceOf,
  stateAt,
  type ViaState,
  type ViaTitle,
  viaLimits,
  viaTexts,
} from '../domain/via/request.js';
import { zipStored } from '../domain/via/zip.js';
import type { ConsentUseCases } from './consents.js';

export type { ViaForm, ViaRequestItem };

/** What ViA reaches. Each port says its cost in docs/via.md. */
export interface ViaPorts {
  /** Cached look-ups (the directory). */
  provider(iysCode: number): Promise<ProviderItem | undefined>;
  brand(iysCode: number, brandCode: number): Promise<BrandItem | undefined>;
  forms: {
    next(iysCode: number): Promise<number>;
    put(f: ViaForm): Promise<void>;
    get(iysCode: number, formId: number): Promise<ViaForm | undefined>;
    list(iysCode: number): Promise<ViaForm[]>;
  };
  requests: {
    put(item: ViaRequestItem): Promise<void>;
    get(requestId: string): Promise<ViaRequestItem | undefined>;
    /** The next version, conditioned on the one read; `credits` taken from the ViA credit in the same write. */
    save(item: ViaRequestItem, expectedVersion: number, credits?: number): Promise<SaveOutcome>;
  };
  /** The provider's ViA package as it is now (a consistent read: the credit left). */
  viaPackage(iysCode: number): Promise<ViaPackage | undefined>;
  kvk: {
    put(iysCode: number, pidx: string, type: KvkType, requestId: string, at: string): Promise<void>;
    requestIds(iysCode: number, pidx: string, type: KvkType): Promise<string[]>;
  };
  evidence: {
    put(e: ViaEvidenceItem): Promise<void>;
    get(requestId: string): Promise<ViaEvidenceItem | undefined>;
    /** Detached CMS signature under the provider's evidence key and the registry TSA's token (RFC 3161). */
    sign(
      provider: ProviderItem,
      content: Uint8Array,
      now: Date,
    ): Promise<{ sig: Uint8Array; tst: Uint8Array }>;
  };
  /** Seals and opens text under the provider's own key, bound to `aad`. */
  seal(provider: ProviderItem, aad: string, plain: string): Promise<Sealed>;
  open(provider: ProviderItem, aad: string, sealed: Sealed): Promise<string>;
  /** The address's blind index under the provider's secret (KVK search), and under the registry's (limits). */
  providerIndex(provider: ProviderItem, address: string): Promise<string>;
  registryIndex(address: string): Promise<string>;
  /** A keyed digest (HMAC under a registry secret) of a code or link token: only digests are stored. */
  digest(text: string): Promise<string>;
  newRequestId(): string;
  newToken(): string;
  randomUint32(): number;
  /** Counts one event in a fixed window named `name`; the counter lapses at `expiresAtSeconds`. */
  countRequest(name: string, expiresAtSeconds: number): Promise<number>;
  send(m: OutboxMessage, now: Date): Promise<unknown>;
  /** The consent write path: ETK consents are recorded exactly like every other consent. */
  consents: Pick<ConsentUseCases, 'recordConsent'>;
  now(): Date;
  /** Requests a provider may start an hour (viaLimits.perProviderPerHour unless configured). */
  providerPerHour?: number;
  log: { info(message: string, fields: Record<string, unknown>): void };
}

export interface ViaContext {
  /** Who asks (the caller's username); recorded with the request and in its evidence. */
  actor: string;
  /** Where links in messages point (the API's public origin, no trailing slash). */
  baseUrl?: string;
  /** Defaults to the ports' clock. */
  now?: Date;
  /** The consent source to record instead of the channel's (ViA Frame: IYS_FRAME_SMS, IYS_FRAME_EPOSTA). */
  source?: ConsentSource;
  /**
   * Start only: one code for every title asked, instead of one per title (ViA Frame's complete takes one
   * otpCode for ETK and KVK together, `consentType: ETK_KVK`). Each title keeps its own challenge and tries.
   */
  oneCode?: boolean;
}

/** A consent created, as the confirmation answers it (KVK items have no brandCode). */
export interface ConfirmedConsent {
  transactionId: string;
  creationDate: string;
  type: string;
  brandCode?: string;
}

interface Secrets {
  recipient: string;
  personData?: PersonData;
}

export type LinkView =
  | {
      state: 'OPEN';
      kind: FormKind;
      providerTitle: string;
      maskedRecipient: string;
      formName: string;
      text: string;
      etk?: { brands: string[]; types: ConsentType[]; choose: boolean };
      kvk?: { types: KvkType[] };
    }
  | { state: 'INVALID' };

export type LinkAnswer =
  | { state: 'DONE'; approved: boolean; providerTitle: string }
  | { state: 'INVALID' }
  | { state: 'NO_CREDIT' }
  | { state: 'NEED_CHOICE' };

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const maxAttempts = 5;

/** What the read operations reach: no consent write, message, signature or credit. */
export type ViaReadPorts = Pick<ViaPorts, 'provider' | 'open' | 'providerIndex' | 'now'> & {
  forms: Pick<ViaPorts['forms'], 'list'>;
  requests: Pick<ViaPorts['requests'], 'get'>;
  kvk: Pick<ViaPorts['kvk'], 'requestIds'>;
  evidence: Pick<ViaPorts['evidence'], 'get'>;
};

/** The reads and the look-ups the writes share with them. */
function readsOver(ports: ViaReadPorts) {
  const aadOf = (requestId: string) => `via|${requestId}`;

  async function providerOf(iysCode: number): Promise<ProviderItem> {
    const p = await ports.provider(iysCode);
    if (!p) throw IysError.of('H001', { vars: { iysCode } });
    return p;
  }

  async function listForms(iysCode: number): Promise<ViaForm[]> {
    await providerOf(iysCode);
    return ports.forms.list(iysCode);
  }

  /** The request of this provider, or H1030 (another provider's request is never found). */
  async function requestOf(iysCode: number, requestId: string): Promise<ViaRequestItem> {
    if (!REQUEST_ID.test(requestId)) throw IysError.of('H1030', { location: ['requestId'] });
    const r = await ports.requests.get(requestId);
    if (!r || r.iysCode !== iysCode) throw IysError.of('H1030', { location: ['requestId'] });
    return r;
  }

  async function secretsOf(provider: ProviderItem, r: ViaRequestItem): Promise<Secrets> {
    return JSON.parse(await ports.open(provider, aadOf(r.requestId), r.pd)) as Secrets;
  }

  function detailsOf(r: ViaRequestItem) {
    const results = r.results ?? [];
    const out = [];
    for (const brandCode of r.etk?.brandCodes ?? [])
      for (const type of r.etk!.types) {
        const x = results.find((y) => y.title === 'ETK' && y.brandCode === brandCode && y.type === type);
        out.push({
          brandCode: String(brandCode),
          consentTypeChoice: type,
          consentType: 'ETK',
          operationStatusMessage: x?.outcome === 'RECORDED' ? 'Onay verildi' : 'Onay verilmedi',
          ...(x?.outcome === 'RECORDED'
            ? { transactionId: x.transactionId, consentDate: x.consentDate }
            : {}),
        });
      }
    for (const type of r.kvk?.types ?? []) {
      const x = results.find((y) => y.title === 'KVK' && y.type === type);
      out.push({
        consentTypeChoice: type,
        consentType: 'KVK',
        operationStatusMessage: x?.outcome === 'RECORDED' ? 'Onay verildi' : 'Onay verilmedi',
        ...(x?.outcome === 'RECORDED' ? { transactionId: x.transactionId, consentDate: x.consentDate } : {}),
      });
    }
    return out;
  }

  const requestDate = (ms: number) => {
    const t = formatTurkeyTime(ms);
    return `${t}.${String(ms % 1000).padStart(3, '0')}`;
  };

  /** getViaRequest: the request as İYS answers it, its state as of now (timeouts derived on reading). */
  async function getRequest(iysCode: number, requestId: string) {
    const r = await requestOf(iysCode, requestId);
    const provider = await providerOf(iysCode);
    const s = await secretsOf(provider, r);
    const state = stateAt(r.state, r.formKind, r.expiresAt, ports.now().getTime());
    return {
      requestId: r.requestId,
      formId: String(r.formId),
      source: r.source,
      ...(s.personData ? { recipientName: s.personData.name } : {}),
      ...(s.personData?.recipientIdNumber ? { recipientIdNumber: s.personData.recipientIdNumber } : {}),
      iysCode: String(r.iysCode),
      recipient: s.recipient,
      ...(r.etk ? { recipientType: r.etk.recipientType } : {}),
      consentSource: r.verificationType,
      requestDate: requestDate(r.createdAt),
      requestDetails: detailsOf(r),
      lastStatus: state,
    };
  }

  /** getKVKConsent: the KVK consents of a request (H1076 when it has none). */
  async function kvkConsents(iysCode: number, requestId: string) {
    const r = await requestOf(iysCode, requestId);
    const recorded = (r.results ?? []).filter((x) => x.title === 'KVK' && x.outcome === 'RECORDED');
    if (!r.kvk || !recorded.length) throw IysError.of('H1076', { value: requestId });
    const provider = await providerOf(iysCode);
    const s = await secretsOf(provider, r);
    return recorded.map((x) => ({
      requestId: r.requestId,
      type: x.type,
      source: r.source,
      iysCode: String(r.iysCode),
      recipient: s.recipient,
      ...(s.personData ? { recipientName: s.personData.name } : {}),
      ...(s.personData?.recipientIdNumber ? { recipientIdNumber: s.personData.recipientIdNumber } : {}),
      consentDate: x.consentDate!,
      status: 'ONAY',
      transactionId: x.transactionId!,
    }));
  }

  /** searchKVKConsent: the requestIds of a recipient's KVK consents of one type at this provider. */
  async function searchKvk(iysCode: number, q: { recipient: string; type: KvkType }): Promise<string[]> {
    const provider = await providerOf(iysCode);
    return ports.kvk.requestIds(iysCode, await ports.providerIndex(provider, q.recipient), q.type);
  }

  /** The evidence file: a ZIP of the summary, its CMS signature and its time stamp (H1072 before completion). */
  async function evidenceFile(
    iysCode: number,
    requestId: string,
  ): Promise<{ fileName: string; zip: Uint8Array }> {
    if (!REQUEST_ID.test(requestId)) throw IysError.of('H1072');
    const e = await ports.evidence.get(requestId);
    if (!e || e.iysCode !== iysCode) throw IysError.of('H1072');
    const provider = await providerOf(iysCode);
    const doc = await ports.open(provider, `via-evidence|${requestId}`, e.doc);
    const base = `via-${requestId}`;
    const enc = new TextEncoder();
    return {
      fileName: `${base}.zip`,
      zip: zipStored(
        [
          { name: `${base}.json`, data: enc.encode(doc) },
          { name: `${base}.json.p7s`, data: new Uint8Array(e.sig) },
          { name: `${base}.json.tsr`, data: new Uint8Array(e.tst) },
          { name: 'DOGRULAMA.txt', data: enc.encode(verificationNote(base)) },
        ],
        new Date(e.createdAt),
      ),
    };
  }

  return {
    aadOf,
    providerOf,
    requestOf,
    secretsOf,
    listForms,
    getRequest,
    kvkConsents,
    searchKvk,
    evidenceFile,
  };
}

/**
 * The read operations alone (getViaRequest, getKVKConsent, searchKVKConsent, the evidence file, the forms
 * list), for the Lambdas that only read: their wiring reaches no consent write path, outbox or signing key.
 */
export function viaReads(ports: ViaReadPorts) {
  const { listForms, getRequest, kvkConsents, searchKvk, evidenceFile } = readsOver(ports);
  return { listForms, getRequest, kvkConsents, searchKvk, evidenceFile };
}

export type ViaReads = ReturnType<typeof viaReads>;

export function viaUseCases(ports: ViaPorts) {
  const { aadOf, providerOf, requestOf, secretsOf, ...reads } = readsOver(ports);
  /** H1015 when no credit is left (or there is no ViA package), H1092 when the package is not active. */
  async function creditsFor(iysCode: number, wanted: number): Promise<number> {
    const pkg = await ports.viaPackage(iysCode);
    if (!pkg) throw IysError.of('H1015');
    if (pkg.status !== 'ACTIVE') throw IysError.of('H1092');
    if (pkg.credit === -1) return 0;
    if (pkg.credit < Math.max(1, wanted)) throw IysError.of('H1015');
    return wanted;
  }

  async function limit(name: string, windowSeconds: number, max: number, nowS: number) {
    const w = Math.floor(nowS / windowSeconds);
    const n = await ports.countRequest(`${name}#${w}`, (w + 2) * windowSeconds);
    if (n > max) throw IysError.limited('X071', (w + 1) * windowSeconds - nowS);
  }

  // ---------------------------------------------------------------- forms (ours; İYS's portal screen)

  async function createForm(
    iysCode: number,
    f: { name: string; kind: FormKind; titles: ViaTitle[]; text: string; published?: boolean },
    ctx: ViaContext,
  ): Promise<ViaForm> {
    await providerOf(iysCode);
    const now = ctx.now ?? ports.now();
    const form: ViaForm = {
      iysCode,
      formId: await ports.forms.next(iysCode),
      name: f.name,
      kind: f.kind,
      titles: [...new Set(f.titles)],
      text: f.text,
      textSha256: sha256Hex(f.text),
      published: f.published ?? true,
      createdAt: now.toISOString(),
      createdBy: ctx.actor,
    };
    await ports.forms.put(form);
    return form;
  }

  // ---------------------------------------------------------------- start

  /** startViaRequest: checks the form, brands, credit and limits, stores the request, sends the code or link. */
  async function start(
    iysCode: number,
    body: StartBody,
    ctx: ViaContext,
  ): Promise<{ requestId: string; expiresAt: string; maskedRecipient: string }> {
    const now = ctx.now ?? ports.now();
    const nowMs = now.getTime();
    const nowS = Math.floor(nowMs / 1000);
    const provider = await providerOf(iysCode);
    const kind = formKindOf(body.verificationType);
    const form = await ports.forms.get(iysCode, body.formId);
    if (!form)
      throw IysError.of('H1055', { vars: { formId: body.formId }, location: ['formId'], value: body.formId });
    if (!form.published) throw IysError.of('H1000', { location: ['formId'], value: body.formId });
    if (form.kind !== kind)
      throw IysError.of('H1065', {
        message: `İstekte verilen doğrulama tipi (verificationType) form tipi ile uyuşmamaktadır. Form tipi: ${form.kind}`,
        location: ['verificationType'],
        value: body.verificationType,
      });
    if (body.consentTypes.some((c) => !form.titles.includes(c.title)))
      throw IysError.of('H1054', { location: ['consentTypes'] });
    const etk = body.consentTypes.find((c) => c.title === 'ETK');
    const kvk = body.consentTypes.find((c) => c.title === 'KVK');
    if (etk) {
      const brands = await Promise.all(etk.brandCodes.map((b) => ports.brand(iysCode, b)));
      if (brands.some((b) => !b)) throw IysError.of('H1014', { location: ['consentTypes', 'brandCodes'] });
    }
    await creditsFor(iysCode, 1);
    // Flood limits: the recipient's phone or mailbox first (registry-wide), then the provider's volume.
    const ridx = await ports.registryIndex(body.recipient);
    await limit(`via-adr#${ridx}`, 3600, viaLimits.perRecipientPerHour, nowS);
    await limit(`via-gap#${iysCode}#${ridx}`, viaLimits.recipientGapSeconds, 1, nowS);
    await limit(`via-sp#${iysCode}`, 3600, ports.providerPerHour ?? viaLimits.perProviderPerHour, nowS);

    const requestId = ports.newRequestId();
    const challenges: ViaRequestItem['challenges'] = {};
    let text: string;
    let message: string;
    if (kind === 'OTP') {
      const codes: { title: ViaTitle; code: string }[] = [];
      for (const c of body.consentTypes) {
        const code = ctx.oneCode && codes[0] ? codes[0].code : otpCode(() => ports.randomUint32());
        codes.push({ title: c.title, code });
        challenges[c.title] = issueChallenge(
          'OTP',
          await ports.digest(`via|${requestId}|${c.title}|${code}`),
          nowMs,
        );
      }
      const minutes = OTP_LIFETIME_MS / 60_000;
      text = viaTexts.otp(provider.title, codes, minutes);
      message = viaTexts.otp(
        provider.title,
        codes.map((c) => ({ ...c, code: '******' })),
        minutes,
      );
    } else {
      const token = ports.newToken();
      challenges.LINK = issueChallenge('LINK', await ports.digest(`via|${requestId}|LINK|${token}`), nowMs);
      const base = (ctx.baseUrl ?? '').replace(/\/$/, '');
      text = viaTexts.link(provider.title, `${base}/v/${requestId}/${token}`);
      message = viaTexts.link(provider.title, `${base}/v/${requestId}/…`);
    }
    const secrets: Secrets = { recipient: body.recipient, ...(kvk ? { personData: kvk.personData } : {}) };
    const expiresAt = Math.max(...Object.values(challenges).map((c) => c!.expiresAt));
    const item: ViaRequestItem = {
      requestId,
      iysCode,
      formId: body.formId,
      verificationType: body.verificationType,
      formKind: kind,
      source: ctx.source ?? sourceOf(body.verificationType),
      ...(etk
        ? { etk: { brandCodes: etk.brandCodes, types: etk.types, recipientType: etk.recipientType } }
        : {}),
      ...(kvk ? { kvk: { types: kvk.types } } : {}),
      pd: await ports.seal(provider, aadOf(requestId), JSON.stringify(secrets)),
      pidx: await ports.providerIndex(provider, body.recipient),
      challenges,
      state: { stage: 'CONSENT_REQUESTED', status: 'PENDING' },
      version: 1,
      createdAt: nowMs,
      expiresAt,
      sentAt: nowMs,
      message,
      actor: ctx.actor,
    };
    await ports.requests.put(item);
    const channel = channelOf(body.verificationType);
    try {
      await ports.send({ channel, to: body.recipient, text, subject: viaTexts.subject }, now);
    } catch (e) {
      await ports.requests.save(
        { ...item, state: { stage: 'COMPLETED', status: 'SMSMAIL_OUT_FAILURE' }, version: 2 },
        1,
      );
      ports.log.info('via send failed', { requestId, channel, errorName: (e as Error)?.name });
      throw IysError.of('H1017');
    }
    ports.log.info('via started', { requestId, iysCode, kind, channel });
    return {
      requestId,
      expiresAt: new Date(expiresAt).toISOString(),
      maskedRecipient: maskAddress(body.recipient),
    };
  }

  // ---------------------------------------------------------------- completion (shared by OTP and links)

  /**
   * Records what the answered titles produced (idempotent: the consents' repeat keys and the KVK ids are the
   * request's), makes the evidence once the request is done, and marks it COMPLETED/SUCCESS. A request left
   * in ENQUEUE by a failure is finished by the next call.
   */
  async function finish(
    r: ViaRequestItem,
    answered: { title: ViaTitle; approved: boolean; chosen?: ConsentType[] }[],
    now: Date,
  ): Promise<ViaRequestItem> {
    const provider = await providerOf(r.iysCode);
    const secrets = await secretsOf(provider, r);
    const results: ViaConsentResult[] = [...(r.results ?? [])];
    const consentDate = formatTurkeyTime(r.answeredAt ?? now.getTime());
    for (const a of answered) {
      if (results.some((x) => x.title === a.title)) continue; // finished by an earlier call
      if (a.title === 'ETK' && r.etk) {
        for (const brandCode of r.etk.brandCodes)
          for (const type of r.etk.types) {
            const chosen = a.approved && (!a.chosen || a.chosen.includes(type));
            if (!chosen) {
              results.push({ title: 'ETK', type, brandCode, outcome: 'NOT_APPROVED' });
              continue;
            }
            try {
              const rec = await ports.consents.recordConsent(
                { iysCode: r.iysCode, brandCode },
                {
                  recipient: secrets.recipient,
                  type,
                  status: 'ONAY',
                  source: r.source,
                  consentDate,
                  recipientType: r.etk.recipientType,
                },
                {
                  actor: 'IYS',
                  now,
                  repeat: { kind: 'key', key: `via|${r.requestId}|${brandCode}|${type}` },
                },
              );
              results.push({
                title: 'ETK',
                type,
                brandCode,
                outcome: 'RECORDED',
                transactionId: rec.transactionId,
                creationDate: rec.creationDate,
                consentDate,
              });
            } catch (e) {
              if (!(e instanceof IysError)) throw e;
              // The consent rules refused it (e.g. the package's address limit): the rest stands.
              const code = e.errors[0]!.code === 'H525' ? 'H1031' : e.errors[0]!.code;
              results.push({ title: 'ETK', type, brandCode, outcome: 'REFUSED', code });
            }
          }
      }
      if (a.title === 'KVK' && r.kvk) {
        for (const type of r.kvk.types) {
          if (!a.approved) {
            results.push({ title: 'KVK', type, outcome: 'NOT_APPROVED' });
            continue;
          }
          await ports.kvk.put(r.iysCode, r.pidx, type, r.requestId, consentDate);
          results.push({
            title: 'KVK',
            type,
            outcome: 'RECORDED',
            transactionId: sha256Hex(`via-kvk|${r.requestId}|${type}`),
            creationDate: consentDate,
            consentDate,
          });
        }
      }
    }
    const titles = [...(r.etk ? ['ETK' as const] : []), ...(r.kvk ? ['KVK' as const] : [])];
    const done = titles.every((t) => results.some((x) => x.title === t));
    let next: ViaRequestItem = { ...r, results };
    if (done) {
      next = { ...next, completedAt: now.getTime(), state: { stage: 'COMPLETED', status: 'SUCCESS' } };
      await makeEvidence(provider, next, secrets, now);
    } else next = { ...next, state: { stage: 'CONSENT_REQUESTED', status: 'PENDING' } };
    next.version = r.version + 1;
    const saved = await ports.requests.save(next, r.version);
    if (saved !== 'ok') throw IysError.of('X010');
    if (done) {
      const approved = results.some((x) => x.outcome === 'RECORDED');
      await ports.send(
        {
          channel: channelOf(r.verificationType),
          to: secrets.recipient,
          text: viaTexts.confirmed(provider.title, approved),
          subject: viaTexts.subject,
        },
        now,
      );
    }
    return next;
  }

  async function makeEvidence(provider: ProviderItem, r: ViaRequestItem, s: Secrets, now: Date) {
    if (await ports.evidence.get(r.requestId)) return;
    const form = await ports.forms.get(r.iysCode, r.formId);
    const brandNames = new Map<number, string>();
    for (const b of r.etk?.brandCodes ?? [])
      brandNames.set(b, (await ports.brand(r.iysCode, b))?.name ?? String(b));
    const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());
    const results = r.results ?? [];
    const tries =
      r.formKind === 'OTP' ? Math.max(...Object.values(r.challenges).map((c) => c?.tries ?? 0)) : undefined;
    const doc = evidenceDocument({
      requestId: r.requestId,
      iysCode: r.iysCode,
      providerTitle: provider.title,
      form: {
        formId: r.formId,
        name: form?.name ?? '',
        kind: form?.kind ?? r.formKind,
        text: form?.text ?? '',
        textSha256: form?.textSha256 ?? sha256Hex(''),
      },
      verificationType: r.verificationType,
      channel: channelOf(r.verificationType),
      recipient: s.recipient,
      message: r.message ?? '',
      startedBy: r.actor,
      requestedAt: iso(r.createdAt)!,
      ...(r.sentAt ? { sentAt: iso(r.sentAt)! } : {}),
      ...(r.openedAt ? { openedAt: iso(r.openedAt)! } : {}),
      answeredAt: iso(r.answeredAt ?? now.getTime())!,
      completedAt: iso(r.completedAt ?? now.getTime())!,
      ...(tries !== undefined ? { tries } : {}),
      ...(r.answerIp ? { recipientIp: r.answerIp } : {}),
      decision: results.some((x) => x.outcome === 'RECORDED') ? 'APPROVED' : 'DECLINED',
      requested: { ...(r.etk ? { ETK: r.etk } : {}), ...(r.kvk ? { KVK: r.kvk } : {}) },
      consents: results.map((x) => ({
        title: x.title,
        type: x.type,
        ...(x.brandCode !== undefined
          ? { brandCode: x.brandCode, brandName: brandNames.get(x.brandCode) }
          : {}),
        outcome: x.outcome,
        ...(x.outcome === 'RECORDED' ? { status: 'ONAY' } : {}),
        ...(x.outcome === 'RECORDED' && x.title === 'ETK' ? { source: r.source } : {}),
        ...(x.consentDate ? { consentDate: x.consentDate } : {}),
        ...(x.transactionId ? { transactionId: x.transactionId } : {}),
        ...(x.code ? { code: x.code } : {}),
      })),
      ...(s.personData ? { personData: s.personData } : {}),
    });
    const bytes = new TextEncoder().encode(doc);
    const { sig, tst } = await ports.evidence.sign(provider, bytes, now);
    await ports.evidence.put({
      requestId: r.requestId,
      iysCode: r.iysCode,
      doc: await ports.seal(provider, `via-evidence|${r.requestId}`, doc),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      sig,
      tst,
      createdAt: now.toISOString(),
    });
  }

  const confirmedOf = (r: ViaRequestItem, titles: ViaTitle[]): ConfirmedConsent[] =>
    (r.results ?? [])
      .filter((x) => x.outcome === 'RECORDED' && titles.includes(x.title))
      .map((x) => ({
        transactionId: x.transactionId!,
        creationDate: x.creationDate!,
        type: x.type,
        ...(x.brandCode !== undefined ? { brandCode: String(x.brandCode) } : {}),
      }));

  // ---------------------------------------------------------------- OTP confirmation

  /**
   * The OTP completion (POST /via/sps/{iysCode}/confirmation). Refusals: H1030 unknown request (or another
   * provider's), H1064 another verificationType than the start's, H1056 not an OTP request, H1054 a title
   * the request does not have, H1032 already completed, H1051 expired (3 minutes), H1050 a 4th try, H1052 a
   * wrong code, H1015 no credit left.
   */
  async function confirm(
    iysCode: number,
    body: ConfirmBody,
    ctx: ViaContext,
  ): Promise<{ consents: ConfirmedConsent[] }> {
    const now = ctx.now ?? ports.now();
    const nowMs = now.getTime();
    for (let attempt = 0; ; attempt++) {
      const r = await requestOf(iysCode, body.requestId);
      if (body.verificationType !== r.verificationType)
        throw IysError.of('H1064', { location: ['verificationType'], value: body.verificationType });
      if (r.formKind !== 'OTP')
        throw IysError.of('H1056', { location: ['verificationType'], value: body.verificationType });
      const titles = body.consentTypes.map((c) => c.title);
      for (const t of titles)
        if (!r.challenges[t]) throw IysError.of('H1054', { location: ['consentTypes'], value: t });
      if (r.state.stage === 'ENQUEUE') {
        // Verified earlier, not finished (a failure after the credit was spent): finish it now.
        const pending = (Object.keys(r.challenges) as ViaTitle[]).filter(
          (t) => r.challenges[t]?.settledAt !== undefined && !(r.results ?? []).some((x) => x.title === t),
        );
        const done = await finish(
          r,
          pending.map((title) => ({ title, approved: true })),
          now,
        );
        return { consents: confirmedOf(done, titles) };
      }
      if (r.state.stage === 'COMPLETED') {
        if (r.state.status === 'SUCCESS') throw IysError.of('H1032', { value: r.requestId });
        if (r.state.status === 'OTP_CODE_INCORRECT') throw IysError.of('H1050');
        throw IysError.of('H1049', { value: r.requestId });
      }
      const challenges = { ...r.challenges };
      const verdicts: { title: ViaTitle; answer: string }[] = [];
      for (const c of body.consentTypes) {
        const presented = await ports.digest(`via|${r.requestId}|${c.title}|${c.otpCode}`);
        const { answer, challenge } = answerChallenge(challenges[c.title]!, presented, nowMs);
        challenges[c.title] = challenge;
        verdicts.push({ title: c.title, answer });
      }
      const failed = verdicts.find((v) => v.answer !== 'VERIFIED');
      if (failed) {
        if (failed.answer === 'EXPIRED') throw otpExpired();
        if (failed.answer === 'ALREADY_USED') throw IysError.of('H1110');
        // A wrong code (or a 4th try) spends the tries it took: store them before refusing.
        const spent = Object.values(challenges).some((c) => c && c.tries >= 3 && c.settledAt === undefined);
        const state: ViaState = spent
          ? { stage: 'COMPLETED', status: 'OTP_CODE_INCORRECT' }
          : { stage: 'CONSENT_REQUESTED', status: 'OTP_CODE_INCORRECT' };
        // Codes verified beside a wrong one are not settled: the whole answer is refused.
        for (const v of verdicts)
          if (v.answer === 'VERIFIED') {
            const c = challenges[v.title]!;
            const { settledAt: _s, ...open } = c;
            challenges[v.title] = open as Challenge;
          }
        const saved = await ports.requests.save(
          { ...r, challenges, state, version: r.version + 1 },
          r.version,
        );
        if (saved === 'conflict' && attempt < maxAttempts) continue;
        if (failed.answer === 'TOO_MANY_TRIES') throw IysError.of('H1050');
        throw IysError.of('H1052', { location: ['consentTypes', titles.indexOf(failed.title), 'otpCode'] });
      }
      // Every code given is right: spend the credits and settle in one conditional write.
      const credits = await creditsFor(iysCode, titles.length);
      const next: ViaRequestItem = {
        ...r,
        challenges,
        answeredAt: r.answeredAt ?? nowMs,
        state: { stage: 'ENQUEUE', status: 'PENDING' },
        creditsSpent: (r.creditsSpent ?? 0) + credits,
        version: r.version + 1,
      };
      const saved = await ports.requests.save(next, r.version, credits);
      if (saved === 'no-credit') throw IysError.of('H1015');
      if (saved === 'conflict') {
        if (attempt < maxAttempts) continue;
        throw IysError.of('X010');
      }
      const done = await finish(
        next,
        titles.map((title) => ({ title, approved: true })),
        now,
      );
      return { consents: confirmedOf(done, titles) };
    }
  }

  const otpExpired = () =>
    IysError.of('H1051', {
      message: 'Gönderilen OTP ile 3 dakika içinde işlem yapılmadığı için süreç sonlanmıştır.',
    });

  // ---------------------------------------------------------------- links (short URL, approval URL)

  /** The live request behind a link, or undefined (unknown, wrong token, expired, used). */
  async function linked(requestId: string, token: string, nowMs: number) {
    if (!REQUEST_ID.test(requestId) || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) return undefined;
    const r = await ports.requests.get(requestId);
    const c = r?.challenges.LINK;
    if (!r || !c) return undefined;
    if (!sameDigest(c.digest, await ports.digest(`via|${requestId}|LINK|${token}`))) return undefined;
    if (c.settledAt !== undefined || nowMs >= c.expiresAt || !isOpen(r.state)) return undefined;
    return r;
  }

  /** The page a link opens: what is asked and the form's text. Opening a short link is recorded (REQUEST_OPENED). */
  async function viewLink(requestId: string, token: string): Promise<LinkView> {
    const now = ports.now();
    const r = await linked(requestId, token, now.getTime());
    if (!r) return { state: 'INVALID' };
    const provider = await providerOf(r.iysCode);
    if (r.formKind === 'SHORTURL' && r.state.stage === 'CONSENT_REQUESTED') {
      // Best effort: a lost race only means another opening was recorded first.
      await ports.requests.save(
        {
          ...r,
          openedAt: now.getTime(),
          state: { stage: 'REQUEST_OPENED', status: 'PENDING' },
          version: r.version + 1,
        },
        r.version,
      );
    }
    const form = await ports.forms.get(r.iysCode, r.formId);
    const secrets = await secretsOf(provider, r);
    const brands = [];
    for (const b of r.etk?.brandCodes ?? [])
      brands.push((await ports.brand(r.iysCode, b))?.name ?? String(b));
    return {
      state: 'OPEN',
      kind: r.formKind,
      providerTitle: provider.title,
      maskedRecipient: maskAddress(secrets.recipient),
      formName: form?.name ?? '',
      text: form?.text ?? '',
      ...(r.etk ? { etk: { brands, types: r.etk.types, choose: r.etk.types.length > 1 } } : {}),
      ...(r.kvk ? { kvk: { types: r.kvk.types } } : {}),
    };
  }

  /**
   * The recipient's answer on the page: approve (with the channels chosen when ARAMA and MESAJ were both
   * asked) or decline. The link works once; each title answered spends one credit.
   */
  async function answerLink(
    requestId: string,
    token: string,
    answer: { approve: boolean; chosen: ConsentType[]; ip?: string },
  ): Promise<LinkAnswer> {
    const now = ports.now();
    const nowMs = now.getTime();
    for (let attempt = 0; ; attempt++) {
      const r = await linked(requestId, token, nowMs);
      if (!r) return { state: 'INVALID' };
      const chosen = r.etk ? answer.chosen.filter((t) => r.etk!.types.includes(t)) : [];
      const choose = Boolean(r.etk && r.etk.types.length > 1);
      if (answer.approve && choose && !chosen.length && !r.kvk) return { state: 'NEED_CHOICE' };
      const { challenge } = answerChallenge(r.challenges.LINK!, r.challenges.LINK!.digest, nowMs);
      const titles = [...(r.etk ? ['ETK' as const] : []), ...(r.kvk ? ['KVK' as const] : [])];
      let credits: number;
      try {
        credits = await creditsFor(r.iysCode, titles.length);
      } catch (e) {
        if (e instanceof IysError) return { state: 'NO_CREDIT' };
        throw e;
      }
      const next: ViaRequestItem = {
        ...r,
        challenges: { LINK: challenge },
        answeredAt: nowMs,
        ...(answer.ip ? { answerIp: answer.ip } : {}),
        state: { stage: 'ENQUEUE', status: 'PENDING' },
        creditsSpent: (r.creditsSpent ?? 0) + credits,
        version: r.version + 1,
      };
      const saved = await ports.requests.save(next, r.version, credits);
      if (saved === 'no-credit') return { state: 'NO_CREDIT' };
      if (saved === 'conflict') {
        if (attempt < maxAttempts) continue;
        return { state: 'INVALID' };
      }
      const etkChoice = choose ? chosen : r.etk?.types;
      const done = await finish(
        next,
        titles.map((title) => ({
          title,
          approved: answer.approve && (title === 'KVK' || Boolean(etkChoice?.length)),
          ...(title === 'ETK' && etkChoice ? { chosen: etkChoice } : {}),
        })),
        now,
      );
      const provider = await providerOf(r.iysCode);
      return {
        state: 'DONE',
        approved: (done.results ?? []).some((x) => x.outcome === 'RECORDED'),
        providerTitle: provider.title,
      };
    }
  }

  // ---------------------------------------------------------------- reads

  return { createForm, start, confirm, viewLink, answerLink, ...reads };
}

export type ViaUseCases = ReturnType<typeof viaUseCases>;

/** The one error item of a refusal, for callers that answer in another shape (ViA PASS, Frame). */
export const viaError = (code: string) => errorItem(code);
