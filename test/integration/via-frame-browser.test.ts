import { type Browser, chromium, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './harness.js';
import { chromiumPath, expectAccessible, reportAxe, screenshots } from './web-helpers.js';

/**
 * ViA Frame end to end in headless Chromium (Debian's), as a recipient meets it: the demo "provider's own
 * site" on another local port includes the loader; the widget appears in an iframe of the registry's page;
 * keyboard only, the recipient asks for a code, reads it from the outbox (the phone), types it, and the
 * consent shows in consentDetail with source IYS_FRAME_SMS. axe-core on every screen of the widget (0
 * serious or critical), no CSP violation, screenshots under .local/screens/.
 */
let sys: TestSystem;
let browser: Browser;
let uuid: string;
let token: string;
const phone = '+905327778899';

beforeAll(async () => {
  if (!chromiumPath)
    throw new Error('Chromium not found: run `npm test` (its pretest installs it) or set CHROMIUM_PATH');
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  token = (await sys.login('ornek-api', 'change-me-1')).access_token;
  const line = sys.seedLines.find((l) => l.startsWith('via frame widget ') && l.includes('provider 700001'))!;
  uuid = /via frame widget ([0-9a-f-]{36})/.exec(line)![1]!;
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
}, 120_000);
afterAll(async () => {
  reportAxe('ViA Frame');
  await browser?.close();
  await sys?.stop();
});

async function widgetFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector(`iframe[src*="/widget/frame/${uuid}"]`);
  const frame = (await handle.contentFrame())!;
  await frame.waitForSelector('#start-form');
  return frame;
}

async function codeSentTo(to: string): Promise<string> {
  const r = await sys.call('GET', '/local/outbox');
  const m = (r.body as { to: string; text: string }[]).filter((x) => x.to === to).pop();
  return /kodu: (\d{6})/.exec(m?.text ?? '')?.[1] ?? '';
}

const focused = (frame: Frame) => frame.evaluate('document.activeElement?.id ?? ""') as Promise<string>;

describe('ViA Frame in a browser', () => {
  it('from the provider’s page on another port: ask, verify by SMS, and the consent is IYS_FRAME_SMS', async () => {
    expect(new URL(sys.demoUrl).port).not.toBe(new URL(sys.url).port);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'tr-TR' });
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(`${sys.demoUrl}/widget/${uuid}`);
    const frame = await widgetFrame(page);
    expect(await page.locator('iframe').getAttribute('title')).toBe('Kampanya izni (demo) (İYS onay formu)');
    // The session's keys travelled in the fragment, and the frame took them out of its address.
    expect(frame.url()).not.toContain('#');
    await expectAccessible(frame, 'via-frame-1-form');
    await screenshots(page, 'via-frame-1-form');

    // Nothing chosen, no number: the errors are announced and the focus goes to the first field.
    await frame.getByRole('button', { name: 'Doğrulama kodu gönder' }).click();
    await frame
      .getByRole('alert')
      .getByText('Onaylamak istediğiniz en az bir seçeneği işaretleyin.')
      .waitFor();
    expect(await focused(frame)).toBe('recipient');
    expect(await frame.locator('#recipient').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(frame, 'via-frame-2-errors');

    // Keyboard only: tick the SMS consent, type the number, send.
    await frame.getByLabel('kısa mesaj (SMS) ile ileti almayı kabul ediyorum').focus();
    await page.keyboard.press('Space');
    expect(await frame.getByLabel('kısa mesaj (SMS) ile ileti almayı kabul ediyorum').isChecked()).toBe(true);
    // The e-mail consent is offered with the e-mail verification only.
    expect(await frame.getByLabel('e-posta ile ileti almayı kabul ediyorum').isVisible()).toBe(false);
    await frame.getByLabel('Telefon numaranız (+90…)').fill(phone);
    await frame.getByLabel('Telefon numaranız (+90…)').press('Enter');
    await frame.getByRole('heading', { name: 'Doğrulama kodu' }).waitFor();
    expect(await focused(frame)).toBe('otp');
    expect(await frame.locator('#otp-sent').textContent()).toBe(
      '+905*******99 numarasına 6 haneli bir kod gönderdik.',
    );
    await expectAccessible(frame, 'via-frame-3-code');
    await screenshots(page, 'via-frame-3-code');

    // A wrong code first: announced beside the field.
    const code = await codeSentTo(phone);
    expect(code).toMatch(/^\d{6}$/);
    await frame.getByLabel('6 haneli doğrulama kodu').fill(code === '000000' ? '111111' : '000000');
    await page.keyboard.press('Enter');
    await frame.locator('#otp-error').waitFor({ state: 'visible' });
    expect(await frame.locator('#otp').getAttribute('aria-invalid')).toBe('true');
    expect(await focused(frame)).toBe('otp');
    await expectAccessible(frame, 'via-frame-4-wrong-code');

    await frame.getByLabel('6 haneli doğrulama kodu').fill(code);
    await page.keyboard.press('Enter');
    await frame.getByRole('heading', { name: 'Onayınız kaydedildi' }).waitFor();
    expect(await focused(frame)).toBe('done-title');
    await expectAccessible(frame, 'via-frame-5-done');
    await screenshots(page, 'via-frame-5-done');
    expect(cspErrors).toEqual([]);

    for (const brandCode of [700001, 700002]) {
      const c = await sys.call('POST', `/sps/700001/brands/${brandCode}/consents/status`, {
        token,
        body: { recipient: phone, recipientType: 'BIREYSEL', type: 'MESAJ' },
      });
      expect(c.status).toBe(200);
      expect(c.body).toMatchObject({ status: 'ONAY', source: 'IYS_FRAME_SMS' });
    }
    await context.close();
  });

  it('does not load on a page of an origin the widget does not allow', async () => {
    // The same demo page served from the API's origin: not one of the widget's origins.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route(`${sys.url}/elsewhere`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="tr"><title>Başka site</title><div id="${uuid}"></div><script src="${sys.url}/widget/load-widgetloader/${uuid}"></script></html>`,
      }),
    );
    await page.goto(`${sys.url}/elsewhere`);
    await page.getByRole('alert').getByText('Onay formu yüklenemedi. Lütfen sayfayı yenileyin.').waitFor();
    expect(await page.locator('iframe').count()).toBe(0);
    await context.close();
  });
});
