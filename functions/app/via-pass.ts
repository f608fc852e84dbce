import type { OutboxMessage } from '../adapters/outbox.js';
import type { ProviderItem } from '../adapters/registry-store.js';
import { IysError } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import { fixedWindow } from '../domain/rate-limits.js';
import type { Grant } from '../domain/rights.js';
import type { ViaPackage } from '../domain/subscription.js';
import { answerChallenge, issueChallenge, maskAddress, otpCode } from '../domain/via/challenge.js';
import {
  type CompleteBody,
  fillTemplate,
  historyPage,
  historyRequestId,
  type Paging,
  type PassChannel,
  type PassMethod,
  type PassRequest,
  type PassTemplate,
  PROVIDER_STARTS_PER_MINUTE,
  passSubscriptionView,
  RECIPIENT_STARTS_PER_HOUR,
  reportText,
  type StartBody,
  type TemplateBody,
  templateCanonical,
} from '../domain/via/pass.js';
import { ViaPassError } from '../domain/via/pass-errors.js';
import { zipStored } from '../domain/via/zip.js';

/** What ViA PASS reaches: the directory, its storage, the registry's secrets, the outbox and the TSA. */
export interface ViaPassPorts {
  provider(iysCode: number): Promise<ProviderItem | undefined>;
  grants(integratorCode: number): Promise<Grant[]>;
  templates: {
    next(): Promise<string>;
    put(t: PassTemplate): Promise<void>;
    get(iysCode: number, templateId: string): Promise<PassTemplate | undefined>;
    list(iysCode: number): Promise<PassTemplate[]>;
  };
  requests: {
    create(r: PassRequest, opts: { spendCredit: boolean; linkDigest?: string }): Promise<'ok' | 'no-credit'>;
    get(requestId: string): Promise<PassRequest | undefined>;
    save(r: PassRequest, expectedVersion: number): Promise<boolean>;
    ofLink(digest: string): Promise<string | undefined>;
  };
  /** The provider's ViA PASS package as it is now (its credit). */
  viaPassPackage(iysCode: number): Promise<ViaPackage | undefined>;
  /** Keyed digest (HMAC under a registry secret) of a code or link token, bound to what it is for. */
  digest(text: string): Promise<string>;
  sha256Hex(text: string): string;
  /** Seals a recipient address under the registry's key (kept for a dispute; the evidence shows it masked). */
  sealAddress(address: string): Promise<string>;
  randomUint32(): number;
  newRequestId(): string;
  newToken(): string;
  /** Adds one to a named counter that may go at `expiresAtSeconds`; answers the new count. */
  count(name: string, expiresAtSeconds: number): Promise<number>;
  send(m: OutboxMessage, now: Date): Promise<unknown>;
  /** An RFC 3161 time-stamp response (DER) over the SHA-256 of `data`, from the registry's TSA. */
  timestamp(data: Uint8Array): Promise<Uint8Array>;
  /** The SMS sender name recipients see (İleti Alfanümeriği). */
  senderId: string;
  providerStartsPerMinute?: number;
  now(): Date;
}

/** Who asks, and from where (the evidence names the user and the IP address). */
export interface Caller {
  identity: Identity;
  ip: string;
}

const blanked = '******';
const codeInput = (requestId: string, code: string) => `via-pass|otp|${requestId}|${code}`;
const linkInput = (token: string) => `via-pass|link|${token}`;
const b64 = (bytes: Uint8Array) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

export function viaPassUseCases(ports: ViaPassPorts) {
  /** A request the caller may see: its provider's own user, or an integrator with a grant for it. */
  async function mayAct(identity: Identity, iysCode: number): Promise<boolean> {
    if (identity.kind === 'HS') return identity.iysCode === iysCode;
    if (identity.kind === 'INTEGRATOR' && identity.integratorCode !== undefined)
      return (await ports.grants(identity.integratorCode)).some((g) => g.iysCode === iysCode);
    return false;
  }

  /** The caller's request, or `notFound`: another provider's request is never found. */
  async function ownRequest(identity: Identity, requestId: string, notFound: () => Error) {
    const r = await ports.requests.get(requestId);
    if (!r || !(await mayAct(identity, r.iysCode))) throw notFound();
    return r;
  }

  /** Flood limits: per recipient address (keyed digest) per hour, per provider per minute. */
  async function limit(iysCode: number, address: string, nowMs: number) {
    const hour = fixedWindow(nowMs, 3600);
    const minute = fixedWindow(nowMs, 60);
    const who = await ports.digest(`via-pass|recipient|${address.toLowerCase()}`);
    const [perRecipient, perProvider] = await Promise.all([
      ports.count(`vp-recipient#${who}#${hour.index}`, hour.expiresAt),
      ports.count(`vp-provider#${iysCode}#${minute.index}`, minute.expiresAt),
    ]);
    if (perRecipient > RECIPIENT_STARTS_PER_HOUR) throw IysError.limited('H083', hour.retryAfterSeconds);
    if (perProvider > (ports.providerStartsPerMinute ?? PROVIDER_STARTS_PER_MINUTE))
      throw IysError.limited('H083', minute.retryAfterSeconds);
  }

  async function start(
    iysCode: number,
    channel: PassChannel,
    method: PassMethod,
    body: StartBody,
    caller: Caller,
    linkBase: string,
  ): Promise<{ requestId: string; shortUrl?: string }> {
    const now = ports.now();
    const provider = await ports.provider(iysCode);
    if (!provider) throw new ViaPassError('ERR-SYS-0005');
    const template = await ports.templates.get(iysCode, body.templateId);
    // A template of another channel or method is as unknown to this operation as one that does not exist.
    if (!template || template.channel !== channel || template.method !== method)
      throw IysError.of('H1107', { value: body.templateId });
    const pkg = await ports.viaPassPackage(iysCode);
    if (pkg?.status !== 'ACTIVE' || (pkg.credit !== -1 && pkg.credit < 1)) throw IysError.of('H1015');
    await limit(iysCode, body.address, now.getTime());

    const requestId = ports.newRequestId();
    let secret: string;
    let digest: string;
    let shortUrl: string | undefined;
    if (method === 'OTP') {
      secret = otpCode(() => ports.randomUint32());
      digest = await ports.digest(codeInput(requestId, secret));
    } else {
      const token = ports.newToken();
      digest = await ports.digest(linkInput(token));
      shortUrl = `${linkBase}/vp/${token}`;
      secret = shortUrl;
    }
    const r: PassRequest = {
      requestId,
      iysCode,
      channel,
      method,
      templateId: template.templateId,
      message: fillTemplate(template, blanked),
      ...(template.subject ? { subject: template.subject } : {}),
      clarification: template.clarification,
      templateSha256: ports.sha256Hex(templateCanonical(template)),
      maskedAddress: maskAddress(body.address),
      sealedAddress: await ports.sealAddress(body.address),
      vkn: body.vkn,
      startedBy: caller.identity.username,
      startIp: caller.ip,
      startedAt: now.getTime(),
      challenge: issueChallenge(method === 'OTP' ? 'OTP' : 'LINK', digest, now.getTime()),
      steps: [
        {
          status: 'OTP Generation',
          description: method === 'OTP' ? 'OTP Generation' : 'Short URL Generation',
          at: now.getTime(),
        },
      ],
      version: 1,
    };
    const created = await ports.requests.create(r, {
      spendCredit: pkg.credit !== -1,
      ...(method === 'SHORT_URL' ? { linkDigest: digest } : {}),
    });
    if (created === 'no-credit') throw IysError.of('H1015');
    await ports.send(
      {
        channel,
        to: body.address,
        text: fillTemplate(template, secret),
        ...(channel === 'EPOSTA' ? { subject: template.subject ?? `${provider.title} doğrulama` } : {}),
      },
      now,
    );
    return { requestId, ...(shortUrl ? { shortUrl } : {}) };
  }

  /** The clarification file's parts, made when the request completes: the summary and its time stamp. */
  async function withFile(r: PassRequest, completedAt: number): Promise<PassRequest> {
    const provider = await ports.provider(r.iysCode);
    const report = reportText({
      request: r,
      providerTitle: provider?.title ?? String(r.iysCode),
      senderId: ports.senderId,
      completedAt,
    });
    const tsr = await ports.timestamp(new TextEncoder().encode(report));
    return { ...r, file: { report, tsr: b64(tsr) } };
  }

  async function complete(channel: PassChannel, body: CompleteBody, caller: Caller): Promise<void> {
    const now = ports.now().getTime();
    const r = await ownRequest(caller.identity, body.requestId, () => new ViaPassError('OTP-ERROR-001'));
    if (r.channel !== channel) throw new ViaPassError('OTP-ERROR-001');
    if (r.method !== 'OTP') throw IysError.of('H1113');
    const presented = await ports.digest(codeInput(r.requestId, body.otpCode));
    const { answer, challenge } = answerChallenge(r.challenge, presented, now);
    switch (answer) {
      case 'ALREADY_USED':
        throw IysError.of('H1110');
      case 'EXPIRED':
        throw IysError.of('H1051', {
          message: 'Gönderilen OTP ile 3 dakika içinde işlem yapılmadığı için süreç sonlanmıştır.',
        });
      case 'TOO_MANY_TRIES':
        throw IysError.of('H1050');
      case 'WRONG': {
        const next: PassRequest = {
          ...r,
          challenge,
          steps: [...r.steps, { status: 'FAILURE', description: 'OTP Verification Failed', at: now }],
          version: r.version + 1,
        };
        // A lost race is another answer spending the same try: refuse this one as well.
        await ports.requests.save(next, r.version);
        throw IysError.of('H1052', {
          message: 'Girilen VIA_PASS otp kodu geçerli değildir.',
          value: body.otpCode,
        });
      }
      case 'VERIFIED': {
        const done = await withFile(
          {
            ...r,
            challenge,
            completedAt: now,
            verifierIp: caller.ip,
            steps: [...r.steps, { status: 'SUCCESS', description: 'OTP Completed', at: now }],
            version: r.version + 1,
          },
          now,
        );
        if (!(await ports.requests.save(done, r.version))) throw IysError.of('X010');
        return;
      }
    }
  }

  async function linkRequest(token: string): Promise<PassRequest | undefined> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
    const requestId = await ports.requests.ofLink(await ports.digest(linkInput(token)));
    return requestId ? ports.requests.get(requestId) : undefined;
  }

  /** What the short link's page shows: who asks, the clarification text, the masked address. */
  async function viewLink(token: string) {
    const r = await linkRequest(token);
    const now = ports.now().getTime();
    if (!r || r.challenge.settledAt !== undefined || now >= r.challenge.expiresAt)
      return { state: 'INVALID' as const };
    const provider = await ports.provider(r.iysCode);
    return {
      state: 'OPEN' as const,
      providerTitle: provider?.title ?? String(r.iysCode),
      clarification: r.clarification,
      maskedAddress: r.maskedAddress,
      channel: r.channel,
    };
  }

  /** The recipient confirms once; a second use, or one after 24 hours, changes nothing. */
  async function confirmLink(token: string, recipientIp: string) {
    const r = await linkRequest(token);
    if (!r) return { state: 'INVALID' as const };
    const now = ports.now().getTime();
    const { answer, challenge } = answerChallenge(r.challenge, await ports.digest(linkInput(token)), now);
    if (answer !== 'VERIFIED') return { state: 'INVALID' as const };
    const done = await withFile(
      {
        ...r,
        challenge,
        completedAt: now,
        recipientIp,
        steps: [...r.steps, { status: 'SUCCESS', description: 'Short URL Confirmed', at: now }],
        version: r.version + 1,
      },
      now,
    );
    if (!(await ports.requests.save(done, r.version))) return { state: 'INVALID' as const };
    const provider = await ports.provider(r.iysCode);
    return { state: 'DONE' as const, providerTitle: provider?.title ?? String(r.iysCode) };
  }

  /** The clarification file (.zip: report.txt and result.tsr) of a completed request of this provider. */
  async function clarificationFile(iysCode: number, requestId: string, identity: Identity) {
    const r = await ports.requests.get(requestId);
    if (!r || r.iysCode !== iysCode || !r.file || !(await mayAct(identity, r.iysCode)))
      throw IysError.of('H1072');
    return zipStored(
      [
        { name: 'report.txt', data: new TextEncoder().encode(r.file.report) },
        { name: 'result.tsr', data: unb64(r.file.tsr) },
      ],
      new Date(r.completedAt ?? r.startedAt),
    );
  }

  async function requestHistory(input: unknown, paging: Paging, identity: Identity) {
    const requestId = historyRequestId(input);
    const r = await ownRequest(identity, requestId, () => new ViaPassError('OTP-ERROR-002'));
    return historyPage(r, paging);
  }

  async function subscription(iysCode: number) {
    const provider = await ports.provider(iysCode);
    if (!provider) throw new ViaPassError('ERR-SYS-0005');
    return passSubscriptionView(iysCode, await ports.viaPassPackage(iysCode), provider);
  }

  async function createTemplate(iysCode: number, t: TemplateBody, identity: Identity) {
    const template: PassTemplate = {
      templateId: await ports.templates.next(),
      iysCode,
      ...t,
      name: t.name ?? `${t.channel} ${t.method}`,
      createdAt: ports.now().toISOString(),
      createdBy: identity.username,
    };
    await ports.templates.put(template);
    return template;
  }

  const listTemplates = (iysCode: number) => ports.templates.list(iysCode);

  return {
    start,
    complete,
    viewLink,
    confirmLink,
    clarificationFile,
    requestHistory,
    subscription,
    createTemplate,
    listTemplates,
  };
}

export type ViaPassUseCases = ReturnType<typeof viaPassUseCases>;
