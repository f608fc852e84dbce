import { createHmac } from 'node:crypto';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCode } from './citizen-helpers.js';
import { startTestSystem, type TestSystem } from './harness.js';
import { checkScreen, chromiumPath, reportAxe } from './web-helpers.js';

/**
 * End to end in headless Chromium (Debian's, installed by scripts/ensure-install.mjs) on a 360 × 740 phone:
 * verify an address, see consents from two providers as cards, reject one on the portal and one by SMS,
 * file a complaint; then the providers' feeds and the authority see it all. Every screen: axe-core, no
 * horizontal scrolling, screenshots at 360 and 1280 px under .local/screens/.
 */
let sys: TestSystem;
let browser: Browser;
const phone = '+905326667788';

beforeAll(async () => {
  if (!chromiumPath)
    throw new Error('Chromium not found: run `npm test` (its pretest installs it) or set CHROMIUM_PATH');
  process.env.IYS_PULL_LAG_SECONDS = '0';
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  for (const [user, pass, path] of [
    ['ornek-api', 'change-me-1', '/sps/700001/brands/700001'],
    ['baska-api', 'change-me-5', '/sps/700100/brands/700100'],
  ] as const) {
    const token = (await sys.login(user, pass)).access_token;
    const r = await sys.call('POST', `${path}/consents`, {
      token,
      body: {
        recipient: phone,
        type: 'MESAJ',
        source: 'HS_WEB',
        status: 'ONAY',
        consentDate: '2026-11-24 09:00:00',
        recipientType: 'BIREYSEL',
      },
    });
    expect(r.status).toBe(200);
  }
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
}, 120_000);
afterAll(async () => {
  reportAxe('portal');
  await browser?.close();
  await sys?.stop();
});

describe('recipient portal', () => {
  it('serves the page with a strict CSP', async () => {
    const r = await sys.call('GET', '/portal/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(r.text).toContain('lang="tr"');
  });

  it('verify, see two providers, reject on the portal and by SMS, complain; provider and authority see it', async () => {
    // The browser's own zone and locale are not Turkey's: the page must show Turkish dates anyway.
    const context = await browser.newContext({
      timezoneId: 'America/New_York',
      locale: 'en-US',
      viewport: { width: 360, height: 740 },
    });
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(`${sys.url}/portal/`);
    await checkScreen(page, 'portal-1-address');
    // An empty address: the error is beside the field and the focus goes there.
    await page.getByRole('button', { name: 'Doğrulama kodu gönder' }).click();
    await page
      .locator('#recipient-error')
      .getByText('Telefon numaranızı veya e-posta adresinizi yazın.')
      .waitFor();
    expect(await page.evaluate('document.activeElement?.id')).toBe('recipient');
    await page.getByLabel('Telefon numarası (+90…) veya e-posta adresi').fill(phone);
    await page.keyboard.press('Enter'); // keyboard only
    await page.getByText('Doğrulama kodu gönderildi').waitFor();
    await checkScreen(page, 'portal-2-code');
    const code = (await lastCode(sys, phone))!;
    // A wrong code: the API's X040 beside the code field.
    await page.getByLabel('Adresinize gönderilen 6 haneli kod').fill(code === '000000' ? '111111' : '000000');
    await page.getByLabel('Aydınlatma metnini okudum, anladım.').check();
    await page.getByRole('button', { name: 'Giriş yap' }).click();
    await page.locator('#code-error').getByText('X040').waitFor();
    await expect.poll(() => page.locator('#code').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Adresinize gönderilen 6 haneli kod').fill(code);
    await page.getByRole('button', { name: 'Giriş yap' }).click();
    await page
      .getByRole('heading', { name: 'İzinleriniz' })
      .waitFor()
      .catch(async (e) => {
        // What the page said instead, for whoever reads the failure.
        console.error('portal after sign-in:', await page.locator('main').textContent());
        throw e;
      });
    const cards = page.locator('#consents > li.card');
    await expect.poll(() => cards.count()).toBe(2);
    const list = (await page.locator('#consents').textContent())!;
    expect(list).toContain('Başka');
    expect(list).toContain('Örnek');
    // Human names with the code beside them, and Turkish dates whatever the browser's locale.
    expect(list).toContain('Web sitesi (HS_WEB)');
    expect(list).toContain('SMS (kısa mesaj)');
    expect(list).toContain('24 Kasım 2026 09:00');
    expect(list).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(await page.locator('#session-end').textContent()).toMatch(/^Oturumun bitişi: \d{2}:\d{2}$/);
    await checkScreen(page, 'portal-3-consents');

    await page.getByRole('button', { name: 'Başka SMS (kısa mesaj): Reddet' }).click();
    await page.getByText('Başka için SMS (kısa mesaj) izni reddedildi.').first().waitFor();
    await expect
      .poll(() => page.getByRole('button', { name: 'Başka SMS (kısa mesaj): Onayla' }).count())
      .toBe(1);
    // The record of the reject: when (Turkish date), what, and the registry's transaction id.
    const record = (await page.locator('#actions li').first().textContent())!;
    expect(record).toMatch(
      /^\d{1,2} Kasım 2026 \d{2}:\d{2} — Başka için SMS \(kısa mesaj\) izni reddedildi\./,
    );
    expect(record).toContain('3 iş günü');
    expect(record).toMatch(/İşlem numarası: \S+/);
    expect(await page.locator('#consents').textContent()).toContain('Reddedildi');
    await checkScreen(page, 'portal-4-rejected');

    // The other rejection by SMS to the short number.
    const raw = JSON.stringify({
      from: phone,
      to: '3338',
      text: 'RET ornek',
      receivedAt: '2026-11-25T10:10:00+03:00',
    });
    const sms = await sys.call('POST', '/channels/sms/inbound', {
      raw,
      headers: {
        'content-type': 'application/json',
        'x-signature': createHmac('sha256', 'local-sms-webhook-secret').update(raw).digest('hex'),
      },
    });
    expect(sms.body.outcome).toBe('REJECTED');

    // A complaint naming neither brand nor sender: the API's X051 beside the brand field.
    await page.getByLabel('İletinin metni ve açıklamanız (en fazla 2000 karakter)').fill('kampanya');
    await page.getByRole('button', { name: 'Şikayet gönder' }).click();
    await page.locator('#cBrand-error').getByText('X051').waitFor();
    await checkScreen(page, 'portal-5-complaint-error');

    // A complaint whose text is markup: shown as text, never run. The moment through the Turkish pickers.
    await page.locator('#cBrand').fill('700001');
    await page.getByLabel('Gün', { exact: true }).selectOption('25');
    await page.getByLabel('Ay', { exact: true }).selectOption({ label: 'Kasım' });
    await page.getByLabel('Yıl', { exact: true }).selectOption('2026');
    await page.getByLabel('Saat', { exact: true }).selectOption({ label: '09' }); // Turkey time, before the RET
    await page.getByLabel('Dakika', { exact: true }).selectOption({ label: '30' });
    await page
      .getByLabel('İletinin metni ve açıklamanız (en fazla 2000 karakter)')
      .fill('<img src=x onerror="window.pwned=1"> kampanya SMS');
    await page.getByRole('button', { name: 'Şikayet gönder' }).click();
    await page.getByText('Şikayetiniz alındı.').waitFor();
    await expect.poll(() => page.locator('#complaints li').count()).toBe(1);
    expect(await page.locator('#complaints').textContent()).toContain(
      '<img src=x onerror="window.pwned=1"> kampanya SMS',
    );
    expect(await page.locator('#complaints').textContent()).toContain('25 Kasım 2026 09:30');
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    await checkScreen(page, 'portal-6-complaint');

    // The session's end: signing out forgets the token and the page's data.
    await page.getByRole('button', { name: 'Oturumu kapat' }).click();
    await page.getByText('Oturumunuz kapatıldı.').waitFor();
    expect(await page.locator('#consents li').count()).toBe(0);
    expect(await page.evaluate('localStorage.length + sessionStorage.length')).toBe(0);
    expect(cspErrors).toEqual([]);
    await context.close();

    const { advanceClock } = await import('../../functions/adapters/clock.js');
    advanceClock(2000);
    await sys.drain(); // time passes and the system catches up (the feed's watermark with it)
    const ornek = (await sys.login('ornek-api', 'change-me-1')).access_token;
    const baska = (await sys.login('baska-api', 'change-me-5')).access_token;
    const f1 = await sys.call('GET', '/sps/700001/brands/700001/consents/changes?source=IYS', {
      token: ornek,
    });
    expect(
      f1.body.list.map(
        (m: { source: string; status: string; type: string }) => `${m.type}:${m.source}:${m.status}`,
      ),
    ).toEqual(['MESAJ:IYS_KISAMESAJ:RET']);
    const f2 = await sys.call('GET', '/sps/700100/brands/700100/consents/changes?source=IYS', {
      token: baska,
    });
    expect(f2.body.list.map((m: { source: string; status: string }) => `${m.source}:${m.status}`)).toEqual([
      'IYS_WEB:RET',
    ]);

    const authority = (await sys.login('bakanlik', 'change-me-4')).access_token;
    const a = await sys.call('GET', '/authority/complaints', { token: authority });
    expect(a.body.list).toHaveLength(1);
    // The message (09:30) came before the SMS rejection (10:00): ONAY at that time, RET later in the trail.
    expect(a.body.list[0].consentAtMessage).toMatchObject({
      status: 'ONAY',
      verdict: 'CONSENT',
      movement: { source: 'HS_WEB' },
    });
    expect(a.body.list[0].trail.map((m: { source: string }) => m.source)).toEqual([
      'HS_WEB',
      'IYS_KISAMESAJ',
    ]);
  });
});
