import { describe, expect, it } from 'vitest';
import { CAPTCHA_ALPHABET, captchaSvg, captchaText } from '../../../functions/domain/via/captcha.js';
import {
  captchaNeeded,
  csrfMaterial,
  etkTypesFor,
  type FrameSession,
  formTextOf,
  hostnameOf,
  judgeCaptcha,
  judgeNonce,
  judgeSession,
  normaliseCaptcha,
  normaliseOrigin,
  originAllowed,
  startAgainstWidget,
  type Widget,
  widgetDefinitionErrors,
} from '../../../functions/domain/via/frame.js';

const widget: Widget = {
  widgetUUID: '123e4567-e89b-12d3-a456-426614174002',
  iysCode: 700001,
  name: 'Kampanya',
  brandCodes: [700001],
  etkTypes: ['MESAJ', 'EPOSTA'],
  kvkTypes: ['AYDINLATMA_METNI'],
  recipientType: 'BIREYSEL',
  verificationTypes: ['SMS_OTP', 'EPOSTA_OTP'],
  allowedOrigins: ['https://magaza.example', 'http://127.0.0.1:3001'],
  formText: 'ETK metni',
  kvkText: 'KVK metni',
  formId: 4,
  createdAt: '2026-11-25T07:00:00.000Z',
  createdBy: 'ornek-api',
};

describe('origins', () => {
  it('takes scheme, host and port only; http for loopback hosts only; default ports dropped', () => {
    expect(normaliseOrigin('https://Magaza.Example')).toBe('https://magaza.example');
    expect(normaliseOrigin('https://magaza.example:443/')).toBe('https://magaza.example');
    expect(normaliseOrigin('https://magaza.example:8443')).toBe('https://magaza.example:8443');
    expect(normaliseOrigin('http://127.0.0.1:3001')).toBe('http://127.0.0.1:3001');
    expect(normaliseOrigin('http://localhost:80')).toBe('http://localhost');
    for (const bad of [
      'http://magaza.example',
      'https://magaza.example/sayfa',
      'https://u:p@magaza.example',
      'ftp://magaza.example',
      'https://magaza..example',
      'null',
      '',
    ])
      expect(normaliseOrigin(bad), bad).toBeUndefined();
  });

  it('allows exactly the widget’s origins, and gives the host name İYS pairs with the nonce', () => {
    expect(originAllowed(widget, 'https://magaza.example')).toBe(true);
    expect(originAllowed(widget, 'https://magaza.example:443')).toBe(true);
    expect(originAllowed(widget, 'https://kampanya.magaza.example')).toBe(false);
    expect(originAllowed(widget, 'http://127.0.0.1:3002')).toBe(false);
    expect(originAllowed(widget, undefined)).toBe(false);
    expect(hostnameOf('http://127.0.0.1:3001')).toBe('127.0.0.1');
    expect(hostnameOf('https://magaza.example')).toBe('magaza.example');
  });
});

describe('a widget’s definition and what a start may ask', () => {
  const def = { ...widget } as Partial<Widget>;
  delete def.widgetUUID;
  it('needs something to ask, brands for ETK, a text for KVK, the channel’s verification and real origins', () => {
    const d = def as Parameters<typeof widgetDefinitionErrors>[0];
    expect(widgetDefinitionErrors(d)).toEqual([]);
    const codes = (x: Partial<typeof d>) =>
      widgetDefinitionErrors({ ...d, ...x }).map((e) => e.location?.join('.'));
    expect(codes({ etkTypes: [], kvkTypes: [] })).toEqual(['etkTypes']);
    expect(codes({ brandCodes: [] })).toEqual(['brandCodes']);
    const { kvkText: _k, ...withoutText } = d;
    expect(widgetDefinitionErrors(withoutText).map((e) => e.location?.join('.'))).toEqual(['kvkText']);
    expect(codes({ verificationTypes: ['SMS_OTP'] })).toEqual(['verificationTypes']);
    expect(codes({ verificationTypes: ['EPOSTA_OTP'] })).toEqual(['verificationTypes']);
    expect(codes({ allowedOrigins: ['https://a.example', 'http://b.example'] })).toEqual([
      'allowedOrigins.1',
    ]);
    expect(formTextOf(d)).toBe('ETK metni\n\nKVK metni');
  });

  it('offers each verification its own channels, and refuses anything else with X096', () => {
    expect(etkTypesFor(widget, 'SMS_OTP')).toEqual(['MESAJ']);
    expect(etkTypesFor(widget, 'EPOSTA_OTP')).toEqual(['EPOSTA']);
    const ok = {
      etkTypes: ['MESAJ'],
      kvkTypes: ['AYDINLATMA_METNI'],
      verificationType: 'SMS_OTP',
      recipientType: 'BIREYSEL',
      citizenName: 'Zeliha Bektaş',
    };
    expect(startAgainstWidget(widget, ok)).toEqual([]);
    const at = (x: Partial<typeof ok>) =>
      startAgainstWidget(widget, { ...ok, ...x }).map((e) => [e.code, e.location?.[0], e.value]);
    expect(at({ etkTypes: ['EPOSTA'] })).toEqual([['X096', 'etkTypes', 'EPOSTA']]);
    expect(at({ verificationType: 'SMS_SHORTURL' })).toEqual([['X096', 'verificationType', 'SMS_SHORTURL']]);
    expect(at({ kvkTypes: ['ACIK_RIZA_METNI'] })).toEqual([['X096', 'kvkTypes', 'ACIK_RIZA_METNI']]);
    expect(at({ recipientType: 'TACIR' })).toEqual([['X096', 'recipientType', 'TACIR']]);
    expect(at({ citizenName: ' ' })).toEqual([['X096', 'citizenName', undefined]]);
    expect(at({ etkTypes: [], kvkTypes: [] })).toEqual([['X096', 'etkTypes', []]]);
  });
});

describe('nonce, session and captcha', () => {
  const nonce = {
    widgetUUID: widget.widgetUUID,
    origin: 'https://magaza.example',
    issuedAt: 0,
    expiresAt: 600_000,
  };
  const at = { widgetUUID: widget.widgetUUID, origin: 'https://magaza.example', now: 1000 };

  it('a nonce loads its widget once, from its origin, before it expires', () => {
    expect(judgeNonce(nonce, at)).toBe('OK');
    expect(judgeNonce(undefined, at)).toBe('UNKNOWN');
    expect(judgeNonce(nonce, { ...at, widgetUUID: 'other' })).toBe('OTHER_WIDGET');
    expect(judgeNonce(nonce, { ...at, origin: 'https://kotu.example' })).toBe('OTHER_ORIGIN');
    expect(judgeNonce(nonce, { ...at, origin: undefined })).toBe('OTHER_ORIGIN');
    expect(judgeNonce({ ...nonce, loadedAt: 500 }, at)).toBe('USED');
    expect(judgeNonce(nonce, { ...at, now: 600_000 })).toBe('EXPIRED');
  });

  const session: FrameSession = {
    widgetUUID: widget.widgetUUID,
    iysCode: 700001,
    origin: 'https://magaza.example',
    rootDigest: 'r00t',
    nonceDigest: 'n1',
    createdAt: 0,
    expiresAt: 1_800_000,
    starts: 0,
    requestIds: [],
    version: 0,
  };
  const check = {
    widgetUUID: widget.widgetUUID,
    now: 1000,
    csrfToken: 'c',
    expectedCsrf: 'c',
    nonceDigest: 'n1',
  };

  it('a session’s request needs its widget, its time, its CSRF token and its current nonce', () => {
    expect(judgeSession(session, check)).toBe('OK');
    expect(judgeSession(undefined, check)).toBe('UNKNOWN');
    expect(judgeSession(session, { ...check, widgetUUID: 'x' })).toBe('OTHER_WIDGET');
    expect(judgeSession(session, { ...check, now: 1_800_000 })).toBe('EXPIRED');
    expect(judgeSession(session, { ...check, csrfToken: 'd' })).toBe('BAD_CSRF');
    expect(judgeSession(session, { ...check, nonceDigest: 'n0' })).toBe('REPLAYED_NONCE');
    // The token is the HMAC of the first nonce's digest, the widget and the origin: another origin, another token.
    expect(csrfMaterial(session)).not.toBe(
      csrfMaterial({ ...session, origin: 'https://kampanya.magaza.example' }),
    );
    expect(csrfMaterial(session)).toContain('r00t');
  });

  it('asks for a captcha after 3 starts in a session or 30 an hour from an address; judges its answer once', () => {
    expect(captchaNeeded(2, 1)).toBe(false);
    expect(captchaNeeded(3, 1)).toBe(true);
    expect(captchaNeeded(0, 30)).toBe(false);
    expect(captchaNeeded(0, 31)).toBe(true);
    const held = { cid: 'c1', answerDigest: 'a', expiresAt: 5000 };
    expect(judgeCaptcha(held, { cid: 'c1', answerDigest: 'a' }, 1000)).toBe('OK');
    expect(judgeCaptcha(held, { cid: 'c1', answerDigest: 'b' }, 1000)).toBe('WRONG');
    expect(judgeCaptcha(held, { cid: 'c2', answerDigest: 'a' }, 1000)).toBe('WRONG');
    expect(judgeCaptcha(held, { cid: 'c1', answerDigest: 'a' }, 5000)).toBe('WRONG');
    expect(judgeCaptcha(undefined, { cid: 'c1', answerDigest: 'a' }, 1000)).toBe('MISSING');
    expect(judgeCaptcha(held, {}, 1000)).toBe('MISSING');
    expect(normaliseCaptcha(' a7 k-x ')).toBe('A7KX');
  });

  it('draws the captcha from its alphabet, as shapes with no text in the image', () => {
    let i = 0;
    const draws = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const text = captchaText(() => draws[i++]!);
    expect(text).toBe(CAPTCHA_ALPHABET.slice(0, 6));
    let seed = 7;
    const svg = captchaSvg(text, () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed;
    });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<text|font/);
    for (const ch of text) expect(svg.includes(`>${ch}<`)).toBe(false);
    expect((svg.match(/<rect /g) ?? []).length).toBeGreaterThan(6 * 8);
    expect(() => captchaSvg('0', () => 1)).toThrow('alphabet');
  });
});
