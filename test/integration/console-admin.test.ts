import { readFileSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './harness.js';
import { retailerBodies } from './retailer-helpers.js';
import { checkScreen, chromiumPath, reportAxe } from './web-helpers.js';

/**
 * The provider console's remaining İYS screens end to end in headless Chromium, through the public API
 * only: the bulk templates (downloaded, uploaded unchanged, recorded), retailer access of many consents at
 * once (replace, remove), a new brand, and e-mail reject links. Every screen: axe-core, no horizontal
 * scrolling, screenshots at 360 and 1280 px under .local/screens/.
 */
const NOW = '2026-11-25T10:00:00+03:00';
let sys: TestSystem;
let browser: Browser;
let token: string;
const retailer = retailerBodies(500_000_000);

beforeAll(async () => {
  if (!chromiumPath)
    throw new Error('Chromium not found: run `npm test` (its pretest installs it) or set CHROMIUM_PATH');
  sys = await startTestSystem({ now: NOW });
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
  token = (await sys.login('ornek-api', 'change-me-1')).access_token;
}, 120_000);
afterAll(async () => {
  reportAxe('console (templates, access, brands, links)');
  await browser?.close();
  await sys?.stop();
});

async function open(
  user = 'ornek-api',
  password = 'change-me-1',
): Promise<{ page: Page; cspErrors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({
    locale: 'tr-TR',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  // The browser's clock is the registry's (the system runs at NOW): a template's example date follows it.
  await page.clock.setFixedTime(new Date(NOW));
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  page.on('pageerror', (e) => cspErrors.push(`page error: ${e.message}`));
  await page.goto(`${sys.url}/console/`);
  await page.getByLabel('Kullanıcı adı').fill(user);
  await page.getByLabel('Şifre').fill(password);
  await page.keyboard.press('Enter');
  await page.getByText('Giriş yapıldı').waitFor();
  return { page, cspErrors, close: () => context.close() };
}

async function save(page: Page, name: string): Promise<{ file: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  return { file: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

async function consentStatus(recipient: string, type: string) {
  const r = await sys.call('POST', '/sps/700001/brands/700001/consents/status', {
    token,
    body: { recipient, recipientType: 'BIREYSEL', type },
  });
  return r.body as { status?: string; consentDate?: string; source?: string };
}

async function retailersOf(recipient: string): Promise<number[]> {
  const r = await sys.call('POST', '/sps/700001/brands/700001/consent/retailers/access/list', {
    token,
    body: { recipient, recipientType: 'BIREYSEL', type: 'EPOSTA' },
  });
  expect(r.status, r.text).toBe(200);
  return (r.body as { list: { retailerCode: number }[] }).list
    .map((x) => x.retailerCode)
    .sort((a, b) => a - b);
}

describe('provider console: bulk templates', () => {
  it('downloads the CSV and the Excel template for the chosen channel; each, uploaded unchanged, records its example consent', async () => {
    const { page, cspErrors, close } = await open();
    await page.getByRole('link', { name: 'Toplu yükleme' }).click();
    await page.getByRole('heading', { name: 'Şablonlar' }).waitFor();
    await checkScreen(page, 'console-15-bulk-templates');

    // CSV, example on SMS: the accepted columns, then a row approved an hour before the registry's now.
    await page.getByLabel('Örnek satırın kanalı').selectOption('MESAJ');
    const csv = await save(page, 'CSV şablonunu indir');
    expect(csv.file).toBe('izin-sablonu.csv');
    expect(
      csv.bytes
        .toString('utf8')
        .replace(/^\ufeff/, '')
        .split('\r\n'),
    ).toEqual([
      'recipient,type,status,consentDate,source,recipientType,retailerCode',
      '+905321234567,MESAJ,ONAY,2026-11-25 09:00:00,HS_WEB,BIREYSEL,',
      '',
    ]);
    await page
      .getByLabel('Dosya', { exact: true })
      .setInputFiles({ name: csv.file, mimeType: 'text/csv', buffer: csv.bytes });
    await page.getByRole('button', { name: 'Yükle' }).click();
    await page.getByText(/^Tamamlandı: 1 başarılı, 0 hatalı satır\.$/).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('region', { name: 'Sonuç' }).locator('tbody tr').first().textContent()).toBe(
      'Tamamlandı (COMPLETED)110',
    );

    // Excel, example on e-mail: a real .xlsx (a ZIP), read by the server's streamed reader.
    await page.getByLabel('Örnek satırın kanalı').selectOption('EPOSTA');
    const xlsx = await save(page, 'Excel şablonunu indir (.xlsx)');
    expect(xlsx.file).toBe('izin-sablonu.xlsx');
    expect(xlsx.bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    await page.getByLabel('Dosya', { exact: true }).setInputFiles({
      name: xlsx.file,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: xlsx.bytes,
    });
    await page.getByRole('button', { name: 'Yükle' }).click();
    const results = page.getByRole('region', { name: 'Sonuç' });
    await expect.poll(() => results.count(), { timeout: 60_000 }).toBe(2);
    // The newest upload is shown first.
    expect(await results.first().locator('tbody tr').textContent()).toBe('Tamamlandı (COMPLETED)110');
    expect(await page.locator('#status').textContent()).toBe('Tamamlandı: 1 başarılı, 0 hatalı satır.');
    await checkScreen(page, 'console-16-bulk-templates-uploaded');
    expect(cspErrors).toEqual([]);
    await close();

    // Both example consents are in the registry as the templates wrote them.
    for (const [recipient, type] of [
      ['+905321234567', 'MESAJ'],
      ['ornek@example.com', 'EPOSTA'],
    ] as const)
      expect(await consentStatus(recipient, type)).toMatchObject({
        status: 'ONAY',
        source: 'HS_WEB',
        consentDate: '2026-11-25 09:00:00',
      });
  }, 150_000);
});

describe('provider console: retailer access, brands, e-mail reject links', () => {
  const recipients = ['coklu1@example.com', 'coklu2@example.com', 'coklu3@example.com'];

  it("replaces many consents' retailers in one call, removes them, and places a bad address's error beside the list", async () => {
    const codes: number[] = [];
    for (const title of ['Bayi Bir', 'Bayi İki', 'Bayi Üç']) {
      const r = await sys.call('POST', '/sps/700001/brands/700001/retailers', {
        token,
        body: retailer({ title }),
      });
      expect(r.status, r.text).toBe(201);
      codes.push((r.body as { retailerCode: number }).retailerCode);
    }
    const [a, b, c] = codes as [number, number, number];
    for (const recipient of recipients) {
      const r = await sys.call('POST', '/sps/700001/brands/700001/consents', {
        token,
        body: {
          recipient,
          type: 'EPOSTA',
          source: 'HS_WEB',
          status: 'ONAY',
          consentDate: '2026-11-24 09:00:00',
          recipientType: 'BIREYSEL',
        },
      });
      expect(r.status, r.text).toBe(200);
    }
    await sys.drain();

    const { page, cspErrors, close } = await open();
    await page.getByRole('link', { name: 'Yönetim' }).click();
    const form = page.getByRole('form', { name: 'Birden çok iznin bayileri' });
    await form.waitFor();
    const table = page.getByRole('region', { name: 'İzinlerin bayileri' });
    const shown = async () =>
      (await table.locator('tbody tr').all()).length
        ? await Promise.all(
            (await table.locator('tbody tr').all()).map((r) => r.locator('td').allTextContents()),
          )
        : [];

    // Replace: the three consents get A and B.
    await form.getByLabel('İşlem').selectOption('override');
    await form.getByLabel('Kanal').selectOption('EPOSTA');
    await form.getByLabel('Bayi kodları').fill(`${a}, ${b}`);
    await form.getByLabel('Alıcılar').fill(recipients.join('\n'));
    await form.getByRole('button', { name: 'Uygula' }).click();
    await page.getByText('İzinlerin bayileri verilen listeyle değiştirildi. (3 izin)').waitFor();
    await expect.poll(shown).toEqual(recipients.map((r) => [r, [a, b].sort((x, y) => x - y).join(', ')]));
    for (const r of recipients) expect(await retailersOf(r)).toEqual([a, b].sort((x, y) => x - y));

    // Replace again with C alone: A and B lose their access, C is the whole set.
    await form.getByLabel('Bayi kodları').fill(String(c));
    await form.getByRole('button', { name: 'Uygula' }).click();
    await expect.poll(shown).toEqual(recipients.map((r) => [r, String(c)]));
    for (const r of recipients) expect(await retailersOf(r)).toEqual([c]);
    await checkScreen(page, 'console-17-retailer-access');

    // A bad address on line 2: the API's code beside the list, naming the line; nothing changed.
    await form.getByLabel('Alıcılar').fill(`${recipients[0]}\nnot-an-address`);
    await form.getByLabel('Bayi kodları').fill(String(a));
    await form.getByRole('button', { name: 'Uygula' }).click();
    const error = form.locator('[data-field="recipients"] .field-error');
    await expect.poll(() => error.textContent()).toMatch(/^H\d{3}2\. satır: /);
    expect(await form.getByLabel('Alıcılar').getAttribute('aria-invalid')).toBe('true');
    expect(await retailersOf(recipients[0]!)).toEqual([c]);
    await checkScreen(page, 'console-18-retailer-access-error');

    // Remove every retailer's access from the first two consents; the third keeps C.
    await form.getByLabel('İşlem').selectOption('removeAll');
    expect(await form.getByLabel('Bayi kodları').isDisabled()).toBe(true);
    await form.getByLabel('Alıcılar').fill(recipients.slice(0, 2).join('\n'));
    await form.getByRole('button', { name: 'Uygula' }).click();
    await page.getByText('Tüm bayilerin erişimi kaldırıldı. (2 izin)').waitFor();
    await expect.poll(shown).toEqual(recipients.slice(0, 2).map((r) => [r, 'Bayi yok']));
    expect(await retailersOf(recipients[0]!)).toEqual([]);
    expect(await retailersOf(recipients[2]!)).toEqual([c]);
    // The retailers' list counts the access they still have.
    const list = await page
      .getByRole('region', { name: /^Bayiler \(3\)$/ })
      .locator('tbody tr')
      .allTextContents();
    expect(list.filter((r) => r.includes('Bayi Üç'))).toEqual([expect.stringMatching(/Bayi Üç.*1Sil$/)]);
    expect(cspErrors).toEqual([]);
    await close();
  }, 120_000);

  it('lists the retailers a page at a time', async () => {
    // Three from the test above, 25 more here: 28 in all, pages of 25.
    for (let i = 0; i < 25; i++) {
      const r = await sys.call('POST', '/sps/700001/brands/700001/retailers', {
        token,
        body: retailer({ title: `Sayfa Bayisi ${i + 1}` }),
      });
      expect(r.status, r.text).toBe(201);
    }
    const { page, cspErrors, close } = await open();
    await page.getByRole('link', { name: 'Yönetim' }).click();
    const list = page.getByRole('region', { name: /^Bayiler \(28\)$/ });
    await list.waitFor();
    const pages = page.getByRole('navigation', { name: 'Bayi sayfaları' });
    expect(await list.locator('tbody tr').count()).toBe(25);
    expect(await pages.locator('p').textContent()).toBe('1–25 / 28');
    expect(await pages.getByRole('button', { name: 'Önceki sayfa' }).isDisabled()).toBe(true);
    const firstPage = await list.locator('tbody tr td:first-child').allTextContents();
    await pages.getByRole('button', { name: 'Sonraki sayfa' }).click();
    await expect.poll(() => pages.locator('p').textContent()).toBe('26–28 / 28');
    const secondPage = await list.locator('tbody tr td:first-child').allTextContents();
    expect(secondPage).toHaveLength(3);
    // Every retailer once across the two pages.
    expect(new Set([...firstPage, ...secondPage]).size).toBe(28);
    expect(await pages.getByRole('button', { name: 'Sonraki sayfa' }).isDisabled()).toBe(true);
    await checkScreen(page, 'console-19-retailer-pages');
    await pages.getByRole('button', { name: 'Önceki sayfa' }).click();
    await expect.poll(() => pages.locator('p').textContent()).toBe('1–25 / 28');
    expect(cspErrors).toEqual([]);
    await close();
  }, 90_000);

  it('adds a brand (X028 and X029 beside their fields), which joins the brand picker', async () => {
    const { page, cspErrors, close } = await open();
    await page.getByRole('link', { name: 'Yönetim' }).click();
    const form = page.getByRole('form', { name: 'Marka ekle' });
    await form.waitFor();
    const brands = page.getByRole('region', { name: 'Markalar ve izin sayıları' });
    expect(await brands.locator('tbody tr').count()).toBe(2);

    await form.getByLabel('Marka adı').fill('Örnek Spor');
    await form.getByLabel('SMS kısa adları').fill('kucuk');
    await form.getByRole('button', { name: 'Markayı ekle' }).click();
    await expect
      .poll(() => form.locator('[data-field="shortNames"] .field-error').textContent())
      .toMatch(/^X028/);
    await form.getByLabel('Marka adı').fill('örnek');
    await form.getByLabel('SMS kısa adları').fill('ORNEKSPOR, ORNEK2');
    await form.getByRole('button', { name: 'Markayı ekle' }).click();
    await expect.poll(() => form.locator('[data-field="name"] .field-error').textContent()).toMatch(/^X029/);
    expect(await form.locator('[data-field="shortNames"] .field-error').textContent()).toBe('');
    await checkScreen(page, 'console-20-brand-error');

    await form.getByLabel('Marka adı').fill('Örnek Spor');
    await form.getByLabel('Tescil numarası').fill('2021/54321');
    await form.getByRole('button', { name: 'Markayı ekle' }).click();
    const done = page.getByText(/^Marka eklendi: Örnek Spor \(\d+\)\./);
    await done.waitFor();
    const code = /\((\d+)\)/.exec((await done.textContent())!)![1]!;
    await expect.poll(() => brands.locator('tbody tr').count()).toBe(3);
    expect(await page.locator('#brand option').allTextContents()).toEqual([
      'Örnek (700001)',
      'Örnek Çocuk (700002)',
      `Örnek Spor (${code})`,
    ]);
    // The picker kept the brand that was chosen.
    expect(await page.locator('#brand option:checked').textContent()).toBe('Örnek (700001)');
    await checkScreen(page, 'console-21-brands');
    // The registry has it, for the provider's API users too.
    const listed = await sys.call('GET', '/sps/700001/brands', { token });
    expect(
      (listed.body as { brandCode: number; name: string }[]).map((x) => [x.brandCode, x.name]),
    ).toContainEqual([Number(code), 'Örnek Spor']);
    expect(cspErrors).toEqual([]);
    await close();
  }, 90_000);

  it('makes e-mail reject links for approved consents, H568 for the others; a link opens the reject page', async () => {
    const { page, cspErrors, close } = await open();
    await page.getByRole('link', { name: 'E-posta ret linkleri' }).click();
    const form = page.getByRole('form', { name: 'E-posta ret linkleri üret' });
    await form.waitFor();
    await checkScreen(page, 'console-22-links');

    // A malformed address on line 2: beside the list, with its line.
    await form.getByLabel('E-posta adresleri').fill('coklu3@example.com\nnot-an-address');
    await form.getByRole('button', { name: 'Linkleri üret' }).click();
    await expect
      .poll(() => form.locator('[data-field="recipients"] .field-error').textContent())
      .toMatch(/^H\d{3}2\. satır: /);

    await form.getByLabel('E-posta adresleri').fill('coklu3@example.com\nhic-izin-yok@example.com');
    await form.getByRole('button', { name: 'Linkleri üret' }).click();
    await page.getByText('1 / 2 alıcı için ret linki üretildi.').waitFor();
    const rows = page.getByRole('region', { name: 'Üretilen ret linkleri' }).locator('tbody tr');
    const first = await rows.nth(0).locator('td').allTextContents();
    const second = await rows.nth(1).locator('td').allTextContents();
    expect(first[0]).toBe('coklu3@example.com');
    expect(first[1]).toMatch(new RegExp(`^${sys.url}/r/[A-Za-z0-9_-]+$`));
    expect(second).toEqual(['hic-izin-yok@example.com', expect.stringMatching(/^H568: /)]);
    const csv = await save(page, 'Linkleri indir (CSV)');
    expect(csv.bytes.toString().split('\n').slice(0, 2)).toEqual([
      'recipient,url,code',
      `coklu3@example.com,${first[1]},`,
    ]);
    await checkScreen(page, 'console-23-links-made');
    expect(cspErrors).toEqual([]);
    await close();

    // The link is live: its page offers the reject, and the consent is still approved until confirmed.
    const linkPage = await sys.call('GET', new URL(first[1]!).pathname);
    expect(linkPage.status).toBe(200);
    expect(linkPage.headers.get('content-type')).toContain('text/html');
    expect((await consentStatus('coklu3@example.com', 'EPOSTA')).status).toBe('ONAY');
  }, 90_000);

  it("an integrator: no brand creation (not its right), retailer access and reject links on its grant's channels only", async () => {
    const { page, cspErrors, close } = await open('entegrator-api', 'change-me-2');
    await page.getByRole('link', { name: 'Yönetim' }).click();
    const form = page.getByRole('form', { name: 'Birden çok iznin bayileri' });
    await form.waitFor();
    expect(await page.getByRole('heading', { name: 'Markalar' }).count()).toBe(0);
    // Brand 700001: MESAJ and EPOSTA write, ARAMA read only.
    expect(await form.getByLabel('Kanal').locator('option').allTextContents()).toEqual([
      'SMS (kısa mesaj) (MESAJ)',
      'E-posta (EPOSTA)',
    ]);
    await page.getByRole('link', { name: 'E-posta ret linkleri' }).click();
    await page.getByRole('form', { name: 'E-posta ret linkleri üret' }).waitFor();
    expect(cspErrors).toEqual([]);
    await close();
  }, 60_000);
});
