import { beforeEach, describe, expect, it } from 'vitest';
import {
  type Caller,
  frameAdminUseCases,
  frameProcessUseCases,
  frameWidgetUseCases,
  type ProcessOutcome,
} from '../../../functions/app/frame.js';
import { IysError } from '../../../functions/domain/errors.js';
import type { FrameNonce, FrameSession, Widget } from '../../../functions/domain/via/frame.js';
import { refusal } from './refusal.js';

/**
 * ViA Frame's use cases over in-memory ports: the digest is a readable stand-in for the HMAC (so a test can
 * see what is stored: never the nonce, key or answer itself), randomness is a counter, the ViA core a fake
 * that checks one code.
 */
let now: number;
let counter: number;
let widgets: Map<string, Widget>;
let nonces: Map<string, FrameNonce>;
let sessions: Map<string, FrameSession>;
let counts: Map<string, number>;
let viaStarts: { iysCode: number; body: unknown; ctx: unknown }[];
let forms: { iysCode: number; f: { text: string; titles: string[]; kind: string } }[];

const digest = async (purpose: string, value: string) => `${purpose}<${value}>`;
const bytes = (n: number) => {
  counter++;
  return new Uint8Array(n).fill(counter % 256);
};
const base = () => ({
  digest,
  randomBytes: bytes,
  randomUuid: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
  now: () => new Date(now),
});

const admin = () =>
  frameAdminUseCases({
    ...base(),
    brand: async (iysCode, brandCode) =>
      iysCode === 700001 && brandCode === 700001
        ? { iysCode, brandCode, name: 'Örnek', master: true, shortNames: [] }
        : undefined,
    putWidget: async (w) => {
      widgets.set(w.widgetUUID, w);
    },
    listWidgets: async (iysCode) => [...widgets.values()].filter((w) => w.iysCode === iysCode),
    forms: {
      createForm: async (iysCode, f) => {
        forms.push({ iysCode, f });
        return { formId: forms.length, iysCode } as never;
      },
      listForms: async (iysCode) =>
        forms
          .filter((x) => x.iysCode === iysCode)
          .map((x, i) => ({ ...x.f, published: true, formId: i + 1, iysCode })) as never,
    },
  });
const loading = () =>
  frameWidgetUseCases({
    ...base(),
    getWidget: async (id) => widgets.get(id),
    putNonce: async (d, n) => {
      nonces.set(d, n);
    },
    getNonce: async (d) => nonces.get(d),
    loadWithNonce: async (d, at, sd, s) => {
      const n = nonces.get(d);
      if (!n || n.loadedAt !== undefined) return false;
      nonces.set(d, { ...n, loadedAt: at });
      sessions.set(sd, s);
      return true;
    },
  });
const processes = () =>
  frameProcessUseCases({
    ...base(),
    getWidget: async (id) => widgets.get(id),
    getSession: async (d) => sessions.get(d),
    advanceSession: async (d, read, next) => {
      const held = sessions.get(d);
      if (!held || held.version !== read.version || held.nonceDigest !== read.nonceDigest) return false;
      sessions.set(d, next);
      return true;
    },
    addSessionRequest: async (d, r) => {
      const s = sessions.get(d)!;
      sessions.set(d, { ...s, requestIds: [...s.requestIds, r] });
    },
    countStart: async (name) => {
      const n = (counts.get(name) ?? 0) + 1;
      counts.set(name, n);
      return n;
    },
    randomUint32: () => (counter = (counter * 1103515245 + 12345) >>> 0),
    via: {
      start: async (iysCode, body, ctx) => {
        viaStarts.push({ iysCode, body, ctx });
        return {
          requestId: `3d858725-58ce-4ae7-9e39-${String(viaStarts.length).padStart(12, '0')}`,
        } as never;
      },
      confirm: async (_iysCode, body) => {
        if (body.consentTypes.some((c) => c.otpCode !== '123456')) throw IysError.of('H1052');
        return { consents: [] };
      },
    },
  });

const shop = 'https://magaza.example';
const self = 'https://api.iys.example';
const caller: Caller = { origin: self, selfOrigin: self, sourceIp: '10.0.0.1' };

const definition = {
  name: 'Kampanya',
  brandCodes: [700001],
  etkTypes: ['MESAJ' as const],
  kvkTypes: ['AYDINLATMA_METNI' as const],
  recipientType: 'BIREYSEL' as const,
  verificationTypes: ['SMS_OTP' as const],
  allowedOrigins: ['https://Magaza.example:443'],
  formText: 'ETK metni',
  kvkText: 'KVK metni',
};

beforeEach(() => {
  now = Date.parse('2026-11-25T07:00:00Z');
  counter = 0;
  widgets = new Map();
  nonces = new Map();
  sessions = new Map();
  counts = new Map();
  viaStarts = [];
  forms = [];
});

async function newWidget() {
  return admin().createWidget(700001, definition, 'ornek-api');
}

async function session(uuid: string) {
  const w = loading();
  const k = await w.publicKey(uuid, shop);
  const s = await w.loadWidget(uuid, k.nonce, shop);
  return { nonceKey: s.nonceKey, cookieKey: s.cookieKey, csrfToken: s.csrfToken };
}

const startFields = (uuid: string, s: { nonceKey: string; cookieKey: string; csrfToken: string }) => ({
  ...s,
  etkTypes: ['MESAJ'],
  kvkTypes: [],
  recipient: '+905321110001',
  verificationType: 'SMS_OTP',
  recipientType: 'BIREYSEL',
  widgetUUID: uuid,
});

const ok = (o: ProcessOutcome) => {
  if (!o.ok) throw o.error;
  return o.body as { status: string; message: Record<string, string> };
};

describe('widgets', () => {
  it('makes the widget’s texts a published ViA OTP form and keeps normalised origins', async () => {
    const w = await newWidget();
    expect(w).toMatchObject({ iysCode: 700001, formId: 1, allowedOrigins: [shop], createdBy: 'ornek-api' });
    expect(forms[0]!.f).toMatchObject({
      kind: 'OTP',
      titles: ['ETK', 'KVK'],
      text: 'ETK metni\n\nKVK metni',
    });
    expect(await admin().listWidgets(700001)).toEqual([w]);
    expect(await refusal(admin().createWidget(700001, { ...definition, brandCodes: [700100] }, 'u'))).toEqual(
      {
        status: 404,
        codes: ['H018'],
      },
    );
    expect(forms).toHaveLength(1);
  });

  it('shows an existing OTP form only when its text is exactly the widget’s', async () => {
    await newWidget();
    const again = await admin().createWidget(700001, { ...definition, name: 'İkinci' }, 'ornek-api', 1);
    expect(again.formId).toBe(1);
    expect(forms).toHaveLength(1);
    const other = await refusal(
      admin().createWidget(700001, { ...definition, formText: 'Başka metin' }, 'ornek-api', 1),
    );
    expect(other).toEqual({ status: 422, codes: ['X094'] });
    expect(await refusal(admin().createWidget(700001, definition, 'ornek-api', 9))).toMatchObject({
      codes: ['X094'],
    });
  });
});

describe('loading', () => {
  it('stores only the nonce’s digest, bound to the widget and origin; loading spends it', async () => {
    const w = await newWidget();
    const k = await loading().publicKey(w.widgetUUID, shop);
    expect(k.hostname).toBe('magaza.example');
    expect([...nonces.keys()]).toEqual([`nonce<${k.nonce}>`]);
    expect(JSON.stringify([...nonces.values()])).not.toContain(k.nonce);
    const s = await loading().loadWidget(w.widgetUUID, k.nonce, shop);
    expect(s.csrfToken).toBe(`csrf<via-frame-csrf\nnonce<${k.nonce}>\n${w.widgetUUID}\n${shop}>`);
    expect([...sessions.keys()]).toEqual([`cookie<${s.cookieKey}>`]);
    expect(await refusal(loading().loadWidget(w.widgetUUID, k.nonce, shop))).toEqual({
      status: 403,
      codes: ['X092'],
    });
    expect(await refusal(loading().loadWidget(w.widgetUUID, undefined, shop))).toMatchObject({
      codes: ['X092'],
    });
    expect(await refusal(loading().publicKey('not-a-uuid', shop))).toEqual({ status: 404, codes: ['X090'] });
  });
});

describe('process', () => {
  it('starts on the widget’s form with the frame source and one code, then completes with it', async () => {
    const w = await newWidget();
    const s = await session(w.widgetUUID);
    const started = ok(await processes().start(w.widgetUUID, startFields(w.widgetUUID, s), caller));
    expect(started.status).toBe('SUCCESS');
    expect(viaStarts[0]).toMatchObject({
      iysCode: 700001,
      body: { formId: 1, recipient: '+905321110001', verificationType: 'SMS_OTP' },
      ctx: { source: 'IYS_FRAME_SMS', oneCode: true },
    });
    const next = started.message.nonceKey!;
    const done = await processes().complete(
      w.widgetUUID,
      {
        ...s,
        nonceKey: next,
        requestId: started.message.requestId!,
        otpCode: '123456',
        verificationType: 'SMS_OTP',
        consentType: 'ETK',
      },
      caller,
    );
    expect(ok(done)).toEqual({ status: 'SUCCESS', message: 'Process completed successfully' });
  });

  it('gives the next nonce with a refusal the ViA core answers, so the widget can try again', async () => {
    const w = await newWidget();
    const s = await session(w.widgetUUID);
    const started = ok(await processes().start(w.widgetUUID, startFields(w.widgetUUID, s), caller));
    const wrong = await processes().complete(
      w.widgetUUID,
      {
        ...s,
        nonceKey: started.message.nonceKey!,
        requestId: started.message.requestId!,
        otpCode: '000000',
        verificationType: 'SMS_OTP',
        consentType: 'ETK',
      },
      caller,
    );
    expect(wrong.ok).toBe(false);
    if (wrong.ok) return;
    expect(wrong.error.errors[0]!.code).toBe('H1052');
    const retried = await processes().complete(
      w.widgetUUID,
      {
        ...s,
        nonceKey: wrong.nextNonce,
        requestId: started.message.requestId!,
        otpCode: '123456',
        verificationType: 'SMS_OTP',
        consentType: 'ETK',
      },
      caller,
    );
    expect(retried.ok).toBe(true);
  });

  it('refuses a foreign origin, a replayed nonce, a bad token, an expired session, a mismatched widget', async () => {
    const w = await newWidget();
    const s = await session(w.widgetUUID);
    const f = startFields(w.widgetUUID, s);
    expect(await refusal(processes().start(w.widgetUUID, f, { ...caller, origin: shop }))).toEqual({
      status: 403,
      codes: ['X091'],
    });
    expect(await refusal(processes().start(w.widgetUUID, f, { ...caller, origin: undefined }))).toMatchObject(
      {
        codes: ['X091'],
      },
    );
    ok(await processes().start(w.widgetUUID, f, caller));
    expect(await refusal(processes().start(w.widgetUUID, f, caller))).toEqual({
      status: 403,
      codes: ['X092'],
    });
    expect(await refusal(processes().start(w.widgetUUID, { ...f, csrfToken: 'x' }, caller))).toEqual({
      status: 403,
      codes: ['X093'],
    });
    expect(
      await refusal(processes().start(w.widgetUUID, { ...f, widgetUUID: 'other' }, caller)),
    ).toMatchObject({
      codes: ['X093'],
    });
    now += 30 * 60_000;
    expect(await refusal(processes().start(w.widgetUUID, f, caller))).toMatchObject({ codes: ['X093'] });
  });

  it('a replay that races the original loses: the session moves on conditionally', async () => {
    const w = await newWidget();
    const s = await session(w.widgetUUID);
    const f = startFields(w.widgetUUID, s);
    const both = await Promise.allSettled([
      processes().start(w.widgetUUID, f, caller),
      processes().start(w.widgetUUID, f, caller),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(viaStarts).toHaveLength(1);
  });

  it('asks for a captcha on the 4th start and takes the right answer once', async () => {
    const w = await newWidget();
    const s = await session(w.widgetUUID);
    let nonceKey = s.nonceKey;
    for (let i = 0; i < 3; i++)
      nonceKey = ok(
        await processes().start(w.widgetUUID, { ...startFields(w.widgetUUID, s), nonceKey }, caller),
      ).message.nonceKey!;
    const asked = ok(
      await processes().start(w.widgetUUID, { ...startFields(w.widgetUUID, s), nonceKey }, caller),
    );
    expect(asked.status).toBe('CAPTCHA_REQUIRED');
    expect(viaStarts).toHaveLength(3);
    // The stand-in digest shows the answer the session holds (the real one is an HMAC).
    const held = [...sessions.values()][0]!.captcha!;
    const answer = /\n([A-Z0-9]{6})>$/.exec(held.answerDigest)![1]!;
    expect(held.cid).toBe(asked.message.captchaId);
    const solved = ok(
      await processes().start(
        w.widgetUUID,
        {
          ...startFields(w.widgetUUID, s),
          nonceKey: asked.message.nonceKey!,
          cid: asked.message.captchaId!,
          captchaText: answer.toLowerCase(),
        },
        caller,
      ),
    );
    expect(solved.status).toBe('SUCCESS');
    expect(viaStarts).toHaveLength(4);
    expect([...sessions.values()][0]!.captcha).toBeUndefined();
    // Used once: the next start asks again (the session is past 3 starts).
    const again = ok(
      await processes().start(
        w.widgetUUID,
        {
          ...startFields(w.widgetUUID, s),
          nonceKey: solved.message.nonceKey!,
          cid: asked.message.captchaId!,
          captchaText: answer,
        },
        caller,
      ),
    );
    expect(again).toMatchObject({ status: 'CAPTCHA_REQUIRED', message: { reason: 'MISSING' } });
  });

  it('completes only a request of its own session, for the consents it asked', async () => {
    const w = await newWidget();
    const mine = await session(w.widgetUUID);
    const theirs = await session(w.widgetUUID);
    const t = ok(await processes().start(w.widgetUUID, startFields(w.widgetUUID, theirs), caller));
    const r = await processes().complete(
      w.widgetUUID,
      {
        ...mine,
        requestId: t.message.requestId!,
        otpCode: '123456',
        verificationType: 'SMS_OTP',
        consentType: 'ETK',
      },
      caller,
    );
    expect(r.ok ? undefined : r.error.errors[0]!.code).toBe('X097');
    const kvk = await processes().complete(
      w.widgetUUID,
      {
        ...theirs,
        nonceKey: t.message.nonceKey!,
        requestId: t.message.requestId!,
        otpCode: '123456',
        verificationType: 'SMS_OTP',
        consentType: 'ETK_KVK',
      },
      caller,
    );
    expect(kvk.ok ? undefined : kvk.error.errors[0]!.code).toBe('X096');
  });
});
