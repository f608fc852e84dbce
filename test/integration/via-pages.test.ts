import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './harness.js';
import { checkScreen, chromiumPath, reportAxe } from './web-helpers.js';

/**
 * The recipient's ViA page (short link) in headless Chromium on a 360 × 740 phone, keyboard only: the
 * question, the channel choice of an ["ARAMA","MESAJ"] request, the answer, and the same link opened again.
 * Every screen: axe-core (no serious or critical finding), no horizontal scrolling, screenshots.
 */
let sys: TestSystem;
let browser: Browser;
let token: string;
const phone = '+905321119988';

beforeAll(async () => {
  if (!chromiumPath)
    throw new Error('Chromium not found: run `npm test` (its pretest installs it) or set CHROMIUM_PATH');
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  token = (await sys.login('ornek-api', 'change-me-1')).access_token;
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
}, 120_000);
afterAll(async () => {
  reportAxe('ViA link');
  await browser?.close();
  await sys?.stop();
});

const consent = (type: string) =>
  sys.call('POST', '/sps/700001/brands/700001/consents/status', {
    token,
    body: { recipient: phone, recipientType: 'BIREYSEL', type },
  });

describe('the ViA short link page', () => {
  it('asks, lets the recipient choose SMS only by keyboard, records it, and refuses the link a second time', async () => {
    const forms = await sys.call('GET', '/via/sps/700001/forms', { token });
    const form = (forms.body.list as { formId: number; name: string }[]).find(
      (f) => f.name === 'Demo SHORTURL',
    )!;
    const started = await sys.call('POST', '/via/sps/700001/consent', {
      token,
      body: {
        formId: form.formId,
        recipient: phone,
        verificationType: 'SMS_SHORTURL',
        consentTypes: [
          { title: 'ETK', brandCodes: [700001], types: ['ARAMA', 'MESAJ'], recipientType: 'BIREYSEL' },
        ],
      },
    });
    expect(started.status).toBe(200);
    const sent = ((await sys.call('GET', '/local/outbox')).body as { to: string; text: string }[]).filter(
      (m) => m.to === phone,
    );
    const link = /(https?:\/\/\S+\/v\/\S+)/.exec(sent.at(-1)!.text)![1]!;

    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-US' });
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(new URL(new URL(link).pathname, sys.url).toString());
    expect(await page.getAttribute('html', 'lang')).toBe('tr');
    await expect.poll(() => page.getByRole('checkbox', { name: 'Kısa mesaj (SMS)' }).count()).toBe(1);
    expect(await page.getByRole('checkbox', { name: 'Telefonla arama' }).count()).toBe(1);
    // The address is shown masked, never whole.
    const body = await page.textContent('body');
    expect(body).not.toContain(phone);
    expect(body).toContain('+905*******88');
    // Checked before axe runs: axe itself fetches the style sheets, which this page's CSP (no connect-src) refuses.
    expect(cspErrors).toEqual([]);
    await checkScreen(page, 'via-link-question');
    cspErrors.length = 0;

    // Keyboard only: tab to the SMS box, tick it, tab to "Onaylıyorum", press Enter.
    const sms = page.getByRole('checkbox', { name: 'Kısa mesaj (SMS)' });
    await sms.focus();
    await page.keyboard.press('Space');
    expect(await sms.isChecked()).toBe(true);
    const approve = page.getByRole('button', { name: 'Onaylıyorum' });
    await approve.focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(cspErrors).toEqual([]);
    await checkScreen(page, 'via-link-answered');
    cspErrors.length = 0;

    const mesaj = await consent('MESAJ');
    expect(mesaj.status).toBe(200);
    expect(mesaj.body).toMatchObject({ status: 'ONAY', source: 'IYS_KISAMESAJ' });
    // ARAMA was not chosen: nothing recorded for it.
    expect((await consent('ARAMA')).status).not.toBe(200);

    // The link works once.
    const again = await page.goto(new URL(new URL(link).pathname, sys.url).toString());
    expect(again!.status()).toBe(410);
    expect(await page.textContent('body')).toContain('geçersiz');
    expect(cspErrors).toEqual([]);
    await checkScreen(page, 'via-link-used');
    await context.close();
  }, 120_000);
});
