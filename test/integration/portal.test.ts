import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCode } from './citizen-helpers.js';
import { startTestSystem, type TestSystem } from './harness.js';

/**
 * End to end in headless Chromium (Debian's, installed by scripts/ensure-install.mjs): verify an address,
 * see consents from two providers, reject one on the portal and one by SMS, file a complaint; then the
 * providers' feeds and the authority see it all.
 */
const chromiumPath =
  process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
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
    const context = await browser.newContext({ timezoneId: 'Europe/Istanbul', locale: 'tr-TR' });
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(`${sys.url}/portal/`);
    await page.getByLabel('Telefon numarası (+90…) veya e-posta adresi').fill(phone);
    await page.keyboard.press('Enter'); // keyboard only
    await page.getByText('Doğrulama kodu gönderildi').waitFor();
    const code = (await lastCode(sys, phone))!;
    await page.getByLabel('Adresinize gönderilen 6 haneli kod').fill(code);
    await page.getByLabel('Aydınlatma metnini okudum, anladım.').check();
    await page.getByRole('button', { name: 'Giriş yap' }).click();
    await page.getByRole('heading', { name: 'İzinleriniz' }).waitFor();
    const rows = page.locator('#consents tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.locator('#consents').textContent()).toContain('Başka');
    expect(await page.locator('#consents').textContent()).toContain('Örnek');

    await page.getByRole('button', { name: 'Başka SMS: Reddet' }).click();
    await page.getByText('Başka için SMS izni reddedildi.').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Başka SMS: Onayla' }).count()).toBe(1);

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

    // A complaint whose text is markup: shown as text, never run.
    await page.locator('#cBrand').fill('700001');
    await page.locator('#cAt').fill('2026-11-25T09:30'); // Turkey time, before the RET
    await page
      .getByLabel('İletinin metni ve açıklamanız (en fazla 2000 karakter)')
      .fill('<img src=x onerror="window.pwned=1"> kampanya SMS');
    await page.getByRole('button', { name: 'Şikayet gönder' }).click();
    await page.getByText('Şikayetiniz alındı.').waitFor();
    await expect.poll(() => page.locator('#complaints li').count()).toBe(1);
    expect(await page.locator('#complaints').textContent()).toContain(
      '<img src=x onerror="window.pwned=1"> kampanya SMS',
    );
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
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
