import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock } from '../../functions/adapters/clock.js';
import { startTestSystem, type TestSystem } from './harness.js';

/**
 * ViA Frame over HTTP (docs/via-frame.md): widgets per provider, the loader, publicKey's nonce bound to the
 * widget and the page's origin, load-widget spending it once, the frame page and its policy. The process
 * requests (start, complete) are in via-frame-process.test.ts.
 */
let sys: TestSystem;
let token: string;
let other: string;
const shop = 'https://magaza.example';
const shop2 = 'https://kampanya.magaza.example';

const definition = {
  name: 'Kampanya izni',
  brandCodes: [700001, 700002],
  etkTypes: ['MESAJ', 'EPOSTA'],
  kvkTypes: ['AYDINLATMA_METNI'],
  recipientType: 'BIREYSEL',
  verificationTypes: ['SMS_OTP', 'EPOSTA_OTP'],
  allowedOrigins: [shop, `${shop2}:443`],
  formText: 'Kampanyalarımızdan haberdar olmak için ileti almayı kabul ediyorum.',
  kvkText: 'Kişisel verileriniz 6698 sayılı Kanun uyarınca işlenir.',
};
let uuid: string;

beforeAll(async () => {
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  token = (await sys.login('ornek-api', 'change-me-1')).access_token;
  other = (await sys.login('baska-api', 'change-me-5')).access_token;
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const publicKey = (id: string, origin?: string) =>
  sys.call('GET', `/widget/publicKey/${id}`, { headers: origin ? { origin } : {} });
const loadWidget = (id: string, nonce: string, origin?: string) =>
  sys.call('GET', `/widget/load-widget/${id}?apinoncekey=${encodeURIComponent(nonce)}`, {
    headers: origin ? { origin } : {},
  });

describe('widgets of a provider', () => {
  it('creates a widget (its UUID and the HTML to embed) and lists it with the seeded one', async () => {
    const r = await sys.call('POST', '/sps/700001/via/widgets', { token, body: definition });
    expect(r.status).toBe(201);
    uuid = r.body.widgetUUID;
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body).toMatchObject({
      iysCode: 700001,
      allowedOrigins: [shop, shop2],
      createdBy: 'ornek-api',
      verificationTypes: ['SMS_OTP', 'EPOSTA_OTP'],
    });
    expect(r.body.embed).toBe(
      `<div id="${uuid}"></div>\n<script src="${sys.url}/widget/load-widgetloader/${uuid}" async></script>`,
    );
    const list = await sys.call('GET', '/sps/700001/via/widgets', { token });
    expect(list.status).toBe(200);
    const names = list.body.list.map((w: { name: string }) => w.name).sort();
    expect(names).toEqual(['Kampanya izni', 'Kampanya izni (demo)']);
    const seeded = list.body.list.find((w: { name: string }) => w.name === 'Kampanya izni (demo)');
    expect(seeded.allowedOrigins).toEqual([sys.demoUrl]);
    // The seeded widget shows the seed's own OTP form; a new widget's texts became a new form after the seed's 3.
    expect(seeded.formId).toBe(1);
    expect(r.body.formId).toBe(4);
    const forms = await sys.call('GET', '/via/sps/700001/forms', { token });
    expect(forms.body.list[3]).toMatchObject({
      formId: 4,
      kind: 'OTP',
      titles: ['ETK', 'KVK'],
      text: `${definition.formText}\n\n${definition.kvkText}`,
    });
    expect(sys.seedLines).toContain(
      `via frame widget ${seeded.widgetUUID} for provider 700001: demo page ${sys.demoUrl}/widget/${seeded.widgetUUID}`,
    );
  });

  it('refuses another provider’s user, a foreign brand, a bad origin and a widget that asks for nothing', async () => {
    expect((await sys.call('GET', '/sps/700001/via/widgets', { token: other })).status).toBe(403);
    expect(
      (await sys.call('POST', '/sps/700001/via/widgets', { token: other, body: definition })).status,
    ).toBe(403);
    const foreign = await sys.call('POST', '/sps/700001/via/widgets', {
      token,
      body: { ...definition, brandCodes: [700100] },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.errors[0]).toMatchObject({ code: 'H018', location: ['brandCodes', 0] });
    const bad = await sys.call('POST', '/sps/700001/via/widgets', {
      token,
      body: { ...definition, allowedOrigins: ['http://magaza.example', 'https://magaza.example/sayfa'] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { code: string; location: unknown[] }) => [e.code, e.location])).toEqual([
      ['X094', ['allowedOrigins', 0]],
      ['X094', ['allowedOrigins', 1]],
    ]);
    const nothing = await sys.call('POST', '/sps/700001/via/widgets', {
      token,
      body: { ...definition, etkTypes: [], kvkTypes: [] },
    });
    expect(nothing.status).toBe(422);
    expect(nothing.body.errors[0].code).toBe('X094');
  });
});

describe('loader, publicKey and load-widget', () => {
  it('serves the loader as JavaScript for a known widget only', async () => {
    const r = await sys.call('GET', `/widget/load-widgetloader/${uuid}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(r.text).toContain('/widget/publicKey/');
    const unknown = await sys.call('GET', '/widget/load-widgetloader/123e4567-e89b-12d3-a456-426614174002');
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].code).toBe('X090');
  });

  it('gives a nonce to the widget’s own origins only, with CORS for them alone', async () => {
    const r = await publicKey(uuid, shop);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('SUCCESS');
    const [nonce, domain] = r.body.message[0].split('|');
    expect(nonce).toMatch(/^[0-9a-f]{64}$/);
    expect(domain).toBe('magaza.example');
    expect(r.headers.get('access-control-allow-origin')).toBe(shop);
    expect(r.headers.get('access-control-allow-credentials')).toBeNull();
    for (const origin of ['https://kotu.example', undefined]) {
      const refused = await publicKey(uuid, origin);
      expect(refused.status).toBe(403);
      expect(refused.body.errors[0].code).toBe('X091');
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('loads the widget once per nonce, from the origin the nonce was issued to, within 10 minutes', async () => {
    const nonce = (await publicKey(uuid, shop)).body.message[0].split('|')[0];
    // Another of the widget's origins cannot use this page's nonce.
    const elsewhere = await loadWidget(uuid, nonce, shop2);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.errors[0].code).toBe('X091');
    const r = await loadWidget(uuid, nonce, shop);
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe(shop);
    expect(r.body.message).toMatchObject({
      widgetUUID: uuid,
      framePath: `/widget/frame/${uuid}`,
      nonceKey: nonce,
    });
    expect(r.body.message.csrfToken).toMatch(/^[0-9a-f]{64}$/);
    expect(r.body.message.cookieKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // A replayed load-widget (the same nonce again) is refused.
    const again = await loadWidget(uuid, nonce, shop);
    expect(again.status).toBe(403);
    expect(again.body.errors[0].code).toBe('X092');
    expect(again.headers.get('access-control-allow-origin')).toBe(shop);
    // A nonce of another widget, a made-up one and an expired one are refused alike.
    const seeded = (await sys.call('GET', '/sps/700001/via/widgets', { token })).body.list.find(
      (w: { name: string }) => w.name === 'Kampanya izni (demo)',
    );
    const theirs = (await publicKey(seeded.widgetUUID, sys.demoUrl)).body.message[0].split('|')[0];
    expect((await loadWidget(uuid, theirs, shop)).body.errors[0].code).toBe('X092');
    expect((await loadWidget(uuid, 'f'.repeat(64), shop)).body.errors[0].code).toBe('X092');
    const late = (await publicKey(uuid, shop)).body.message[0].split('|')[0];
    advanceClock(10 * 60_000);
    expect((await loadWidget(uuid, late, shop)).body.errors[0].code).toBe('X092');
  });
});

describe('the widget’s page', () => {
  it('is served with a strict policy that only the widget’s origins may frame', async () => {
    const r = await sys.call('GET', `/widget/frame/${uuid}`);
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`frame-ancestors ${shop} ${shop2}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(r.headers.get('x-frame-options')).toBeNull();
    expect(r.text).toContain('lang="tr"');
    expect(r.text).not.toMatch(/<script>|<script(?![^>]*src=)[^>]*>|style="/);
    expect(r.text).toContain('Kampanyalarımızdan haberdar olmak için ileti almayı kabul ediyorum.');
    for (const f of ['frame.js', 'frame.css'])
      expect((await sys.call('GET', `/widget/assets/${f}`)).status).toBe(200);
    expect((await sys.call('GET', '/widget/assets/loader.ts')).status).toBe(404);
  });
});
