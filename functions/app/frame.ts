import type * as store from '../adapters/frame-store.js';
import type { BrandItem } from '../adapters/registry-store.js';
import { errorItem, IysError } from '../domain/errors.js';
import { captchaSvg, captchaText } from '../domain/via/captcha.js';
import { maskAddress, OTP_LIFETIME_MS } from '../domain/via/challenge.js';
import {
  CAPTCHA_LIFETIME_MS,
  captchaNeeded,
  csrfMaterial,
  type FrameConsentType,
  type FrameSession,
  type FrameVerificationType,
  formTextOf,
  frameSource,
  hostnameOf,
  judgeCaptcha,
  judgeNonce,
  judgeSession,
  NONCE_LIFETIME_MS,
  normaliseCaptcha,
  normaliseOrigin,
  originAllowed,
  SESSION_LIFETIME_MS,
  START_WINDOW_SECONDS,
  startAgainstWidget,
  type Widget,
  type WidgetDefinition,
  widgetDefinitionErrors,
} from '../domain/via/frame.js';
import { parseConfirmBody, parseStartBody } from '../domain/via/request.js';
import type { ViaUseCases } from './via.js';

/**
 * ViA Frame use cases (docs/via-frame.md): the provider's widgets, and the widget's public operations. The
 * loader on the provider's page asks publicKey for a nonce (bound to the widget and the page's origin) and
 * loads the widget with it once; that opens a session whose cookie key and CSRF token are HMACs the registry
 * can check, and whose nonce each process request spends (the answer carries the next). The consent itself is
 * recorded by the ViA core (`via`: a ViA OTP request on the widget's form), with source IYS_FRAME_SMS or IYS_FRAME_EPOSTA.
 */

export type FrameSource = 'IYS_FRAME_SMS' | 'IYS_FRAME_EPOSTA';

/** What the provider's widget management reaches: its brands, the widgets, the ViA core's forms. */
export interface FrameAdminPorts {
  brand(iysCode: number, brandCode: number): Promise<BrandItem | undefined>;
  putWidget: typeof store.putWidget;
  listWidgets: typeof store.listWidgets;
  /** The widget's texts are a published ViA form (OTP): the evidence shows what the widget showed. */
  forms: Pick<ViaUseCases, 'createForm' | 'listForms'>;
  randomUuid(): string;
  now(): Date;
}

/** What the widgets' loading reaches: the widget and nonce storage, the secret. */
export interface FrameWidgetPorts {
  getWidget: typeof store.getWidget;
  putNonce: typeof store.putNonce;
  getNonce: typeof store.getNonce;
  loadWithNonce: typeof store.loadWithNonce;
  digest: typeof store.frameDigest;
  /** Random bytes from the platform's CSPRNG. */
  randomBytes(n: number): Uint8Array;
  randomUuid(): string;
  now(): Date;
}

/** What the process requests reach besides: the sessions, the start counter, the ViA core. */
export interface FrameProcessPorts
  extends Pick<FrameWidgetPorts, 'getWidget' | 'digest' | 'randomBytes' | 'randomUuid' | 'now'> {
  getSession: typeof store.getSession;
  advanceSession: typeof store.advanceSession;
  addSessionRequest: typeof store.addSessionRequest;
  /** Counts one start under this name (the widget, the window, the caller's address digest); the new count. */
  countStart(name: string, expiresAtSeconds: number): Promise<number>;
  randomUint32(): number;
  /** The ViA core: the widget's process is a ViA OTP request on the widget's form. */
  via: Pick<ViaUseCases, 'start' | 'confirm'>;
}

/** What a process request carries besides its own fields (docs/via-frame.md). */
export interface SessionFields {
  cookieKey: string;
  csrfToken: string;
  nonceKey: string;
}

export interface Caller {
  /** The request's Origin header. */
  origin: string | undefined;
  /** This registry's own origin: the widget frame's, the only one process requests may come from. */
  selfOrigin: string;
  sourceIp: string;
}

export interface StartFields extends SessionFields {
  etkTypes: string[];
  kvkTypes: string[];
  recipient: string;
  verificationType: string;
  recipientType: string;
  captchaText?: string;
  cid?: string;
  widgetUUID: string;
  citizenName?: string;
}

export interface CompleteFields extends SessionFields {
  requestId: string;
  otpCode?: string;
  verificationType: string;
  consentType: FrameConsentType;
}

/**
 * A process answer: the next nonce (the one presented is spent) and either İYS's body or a refusal. A refusal
 * before the nonce was spent is thrown instead, and carries no next nonce.
 */
export type ProcessOutcome =
  | { nextNonce: string; ok: true; body: { status: string; message: unknown } }
  | { nextNonce: string; ok: false; error: IysError };

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');

/** The widget a public operation names (X090 when there is none). */
async function widgetOf(ports: Pick<FrameWidgetPorts, 'getWidget'>, uuid: string): Promise<Widget> {
  const w = /^[0-9a-f-]{36}$/i.test(uuid) ? await ports.getWidget(uuid.toLowerCase()) : undefined;
  if (!w) throw IysError.of('X090', { location: ['widgetUUID'], value: uuid });
  return w;
}

/** The provider's widgets: define one (its texts become a ViA form) and list them. */
export function frameAdminUseCases(ports: FrameAdminPorts) {
  /**
   * A new widget. Its texts become a new published ViA OTP form, or, given `onForm`, the widget shows that
   * existing form (published, OTP, asking at least its titles, with exactly the widget's texts: the evidence
   * must hold what the widget showed).
   */
  async function createWidget(
    iysCode: number,
    def: WidgetDefinition,
    createdBy: string,
    onForm?: number,
  ): Promise<Widget> {
    const errors = widgetDefinitionErrors(def);
    for (const [i, b] of def.brandCodes.entries())
      if (!(await ports.brand(iysCode, b)))
        errors.push(errorItem('H018', { vars: { brandCode: b }, location: ['brandCodes', i], value: b }));
    if (errors.length) throw new IysError(errors);
    const titles = [
      ...(def.etkTypes.length ? ['ETK' as const] : []),
      ...(def.kvkTypes.length ? ['KVK' as const] : []),
    ];
    const text = formTextOf(def);
    let formId: number;
    if (onForm !== undefined) {
      const f = (await ports.forms.listForms(iysCode)).find((x) => x.formId === onForm);
      if (!f?.published || f.kind !== 'OTP' || titles.some((t) => !f.titles.includes(t)) || f.text !== text)
        throw IysError.of('X094', {
          vars: { reason: 'form, metinleri widget’ınkilerle aynı olan yayımlanmış bir OTP formu olmalıdır' },
          location: ['formId'],
          value: onForm,
        });
      formId = f.formId;
    } else
      formId = (
        await ports.forms.createForm(
          iysCode,
          { name: `ViA Frame: ${def.name}`, kind: 'OTP', titles, text, published: true },
          { actor: createdBy },
        )
      ).formId;
    const w: Widget = {
      ...def,
      formId,
      allowedOrigins: [...new Set(def.allowedOrigins.map((o) => normaliseOrigin(o)!))],
      widgetUUID: ports.randomUuid(),
      iysCode,
      createdAt: ports.now().toISOString(),
      createdBy,
    };
    if (!def.kvkText) delete w.kvkText;
    await ports.putWidget(w);
    return w;
  }

  return { createWidget, listWidgets: (iysCode: number) => ports.listWidgets(iysCode) };
}

export type FrameAdminUseCases = ReturnType<typeof frameAdminUseCases>;

export function frameWidgetUseCases(ports: FrameWidgetPorts) {
  const widget = (uuid: string) => widgetOf(ports, uuid);

  /** publicKey: a fresh nonce for the page that embeds the widget, answered as İYS's `key|domain`. */
  async function publicKey(uuid: string, origin: string | undefined) {
    const w = await widget(uuid);
    if (!originAllowed(w, origin)) throw IysError.of('X091', { value: origin ?? null });
    const nonce = hex(ports.randomBytes(32));
    const now = ports.now().getTime();
    const o = normaliseOrigin(origin!)!;
    await ports.putNonce(await ports.digest('nonce', nonce), {
      widgetUUID: w.widgetUUID,
      origin: o,
      issuedAt: now,
      expiresAt: now + NONCE_LIFETIME_MS,
    });
    return { widget: w, origin: o, nonce, hostname: hostnameOf(o) };
  }

  /**
   * load-widget: spends the publicKey nonce (once, from the origin it was issued to) and opens the widget's
   * session: its cookie key (random; stored only as a digest) and CSRF token (an HMAC of the nonce's digest,
   * the widget and the origin). The first process request presents the publicKey nonce itself.
   */
  async function loadWidget(uuid: string, nonceKey: string | undefined, origin: string | undefined) {
    const w = await widget(uuid);
    if (!originAllowed(w, origin)) throw IysError.of('X091', { value: origin ?? null });
    if (!nonceKey) throw IysError.of('X092', { location: ['apinoncekey'] });
    const nonceDigest = await ports.digest('nonce', nonceKey);
    const now = ports.now().getTime();
    const verdict = judgeNonce(await ports.getNonce(nonceDigest), { widgetUUID: w.widgetUUID, origin, now });
    if (verdict === 'OTHER_ORIGIN') throw IysError.of('X091', { value: origin ?? null });
    if (verdict !== 'OK') throw IysError.of('X092', { location: ['apinoncekey'] });
    const cookieKey = b64(ports.randomBytes(32));
    const session: FrameSession = {
      widgetUUID: w.widgetUUID,
      iysCode: w.iysCode,
      origin: normaliseOrigin(origin!)!,
      rootDigest: nonceDigest,
      nonceDigest,
      createdAt: now,
      expiresAt: now + SESSION_LIFETIME_MS,
      starts: 0,
      requestIds: [],
      version: 0,
    };
    const opened = await ports.loadWithNonce(
      nonceDigest,
      now,
      await ports.digest('cookie', cookieKey),
      session,
    );
    if (!opened) throw IysError.of('X092', { location: ['apinoncekey'] });
    return {
      widget: w,
      origin: session.origin,
      nonceKey,
      cookieKey,
      csrfToken: await ports.digest('csrf', csrfMaterial(session)),
      expiresAt: new Date(session.expiresAt).toISOString(),
    };
  }

  return { widget, publicKey, loadWidget };
}

export type FrameWidgetUseCases = ReturnType<typeof frameWidgetUseCases>;

export function frameProcessUseCases(ports: FrameProcessPorts) {
  const widget = (uuid: string) => widgetOf(ports, uuid);

  /**
   * The checks every process request passes before anything else: the frame's origin, the session (cookie
   * key), its CSRF token and its current nonce; then the nonce is spent and the next one stored.
   */
  /** Process requests come from the widget's frame, which is this registry's own origin. */
  function fromFrame(caller: Caller) {
    if (!caller.origin || normaliseOrigin(caller.origin) !== normaliseOrigin(caller.selfOrigin))
      throw IysError.of('X091', { value: caller.origin ?? null });
  }

  async function spendNonce(
    w: Widget,
    f: SessionFields,
    caller: Caller,
    change: (s: FrameSession, now: number) => Promise<Partial<FrameSession>>,
  ) {
    fromFrame(caller);
    const sessionDigest = await ports.digest('cookie', f.cookieKey);
    const s = await ports.getSession(sessionDigest);
    const now = ports.now().getTime();
    const verdict = judgeSession(s, {
      widgetUUID: w.widgetUUID,
      now,
      csrfToken: f.csrfToken,
      expectedCsrf: s ? await ports.digest('csrf', csrfMaterial(s)) : undefined,
      nonceDigest: await ports.digest('nonce', f.nonceKey),
    });
    if (verdict === 'REPLAYED_NONCE') throw IysError.of('X092', { location: ['nonceKey'] });
    if (verdict !== 'OK')
      throw IysError.of('X093', { location: [verdict === 'BAD_CSRF' ? 'csrfToken' : 'cookieKey'] });
    const session = s!;
    const nextNonce = hex(ports.randomBytes(32));
    const next: FrameSession = {
      ...session,
      ...(await change(session, now)),
      nonceDigest: await ports.digest('nonce', nextNonce),
      version: session.version + 1,
    };
    if (next.captcha === undefined) delete next.captcha;
    if (!(await ports.advanceSession(sessionDigest, session, next)))
      throw IysError.of('X092', { location: ['nonceKey'] });
    return { session: next, sessionDigest, nextNonce, now };
  }

  async function newCaptcha() {
    const text = captchaText(ports.randomUint32);
    const cid = ports.randomUuid();
    const svg = captchaSvg(text, ports.randomUint32);
    return {
      cid,
      image: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      answerDigest: await ports.digest('captcha', `${cid}\n${text}`),
    };
  }

  async function start(uuid: string, f: StartFields, caller: Caller): Promise<ProcessOutcome> {
    const w = await widget(uuid);
    if (f.widgetUUID.toLowerCase() !== w.widgetUUID)
      throw IysError.of('X093', { location: ['widgetUUID'], value: f.widgetUUID });
    fromFrame(caller);
    const nowS = Math.floor(ports.now().getTime() / 1000);
    const windowEnd = (Math.floor(nowS / START_WINDOW_SECONDS) + 1) * START_WINDOW_SECONDS;
    const network = await ports.digest('address', caller.sourceIp);
    const fromAddress = await ports.countStart(
      `framestart#${w.widgetUUID}#${windowEnd}#${network}`,
      windowEnd + 60,
    );
    // The captcha is judged on the session as read; a new one is stored by the same conditional write.
    const given = {
      ...(f.cid ? { cid: f.cid } : {}),
      ...(f.captchaText
        ? {
            answerDigest: await ports.digest('captcha', `${f.cid ?? ''}\n${normaliseCaptcha(f.captchaText)}`),
          }
        : {}),
    };
    let shown: { verdict: 'MISSING' | 'WRONG'; cid: string; image: string } | undefined;
    const spent = await spendNonce(w, f, caller, async (s, now) => {
      if (!captchaNeeded(s.starts, fromAddress)) return { starts: s.starts + 1 };
      const verdict = judgeCaptcha(s.captcha, given, now);
      if (verdict === 'OK') return { captcha: undefined, starts: s.starts + 1 };
      const c = await newCaptcha();
      shown = { verdict, cid: c.cid, image: c.image };
      return { captcha: { cid: c.cid, answerDigest: c.answerDigest, expiresAt: now + CAPTCHA_LIFETIME_MS } };
    });
    if (shown)
      return {
        nextNonce: spent.nextNonce,
        ok: true,
        body: {
          status: 'CAPTCHA_REQUIRED',
          message: {
            captchaId: shown.cid,
            captchaImage: shown.image,
            reason: shown.verdict,
            nonceKey: spent.nextNonce,
          },
        },
      };
    const refuse = (error: IysError): ProcessOutcome => ({ nextNonce: spent.nextNonce, ok: false, error });
    const ruleErrors = startAgainstWidget(w, f);
    if (ruleErrors.length) return refuse(new IysError(ruleErrors));
    const verificationType = f.verificationType as FrameVerificationType;
    const consentTypes: unknown[] = [];
    if (f.etkTypes.length)
      consentTypes.push({
        title: 'ETK',
        brandCodes: w.brandCodes,
        types: f.etkTypes,
        recipientType: w.recipientType,
      });
    if (f.kvkTypes.length)
      consentTypes.push({ title: 'KVK', types: f.kvkTypes, personData: { name: f.citizenName!.trim() } });
    // The ViA core's own body rules (the address: H1026/H1027) on the request the widget makes of it.
    const body = parseStartBody({ formId: w.formId, recipient: f.recipient, verificationType, consentTypes });
    if (!body.ok) return refuse(new IysError(body.errors));
    const consentType: FrameConsentType =
      f.etkTypes.length && f.kvkTypes.length ? 'ETK_KVK' : f.etkTypes.length ? 'ETK' : 'KVK';
    try {
      const started = await ports.via.start(w.iysCode, body.value, {
        actor: `via-frame:${w.widgetUUID}`,
        source: frameSource(verificationType),
        oneCode: true,
      });
      await ports.addSessionRequest(spent.sessionDigest, `${started.requestId}|${consentType}`);
      return {
        nextNonce: spent.nextNonce,
        ok: true,
        body: {
          status: 'SUCCESS',
          message: {
            requestId: started.requestId,
            nonceKey: spent.nextNonce,
            timeout: OTP_LIFETIME_MS / 1000,
            recipient: maskAddress(body.value.recipient),
          },
        },
      };
    } catch (e) {
      if (e instanceof IysError) return refuse(e);
      throw e;
    }
  }

  async function complete(uuid: string, f: CompleteFields, caller: Caller): Promise<ProcessOutcome> {
    const w = await widget(uuid);
    const spent = await spendNonce(w, f, caller, async () => ({}));
    const refuse = (error: IysError): ProcessOutcome => ({ nextNonce: spent.nextNonce, ok: false, error });
    // Only a process this session started, for the consents it asked (kept as `requestId|consentType`).
    const started = spent.session.requestIds.find((r) => r.split('|')[0] === f.requestId);
    if (!started) return refuse(IysError.of('X097', { location: ['requestId'], value: f.requestId }));
    if (started.split('|')[1] !== f.consentType)
      return refuse(IysError.of('X096', { location: ['consentType'], value: f.consentType }));
    if (!(w.verificationTypes as readonly string[]).includes(f.verificationType))
      return refuse(IysError.of('X096', { location: ['verificationType'], value: f.verificationType }));
    if (!f.otpCode) return refuse(IysError.of('X098', { location: ['otpCode'] }));
    const titles: ('ETK' | 'KVK')[] =
      f.consentType === 'ETK_KVK' ? ['ETK', 'KVK'] : [f.consentType === 'KVK' ? 'KVK' : 'ETK'];
    const body = parseConfirmBody({
      requestId: f.requestId,
      verificationType: f.verificationType,
      consentTypes: titles.map((title) => ({ title, otpCode: f.otpCode })),
    });
    if (!body.ok) return refuse(new IysError(body.errors));
    try {
      await ports.via.confirm(w.iysCode, body.value, { actor: `via-frame:${w.widgetUUID}` });
    } catch (e) {
      if (e instanceof IysError) return refuse(e);
      throw e;
    }
    return {
      nextNonce: spent.nextNonce,
      ok: true,
      body: { status: 'SUCCESS', message: 'Process completed successfully' },
    };
  }

  return { widget, start, complete };
}

export type FrameProcessUseCases = ReturnType<typeof frameProcessUseCases>;
