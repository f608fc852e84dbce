import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsxBuffer } from '../unit/bulk/xlsx-writer.js';
import { startTestSystem, type TestSystem } from './harness.js';
import { checkScreen, chromiumPath, reportAxe } from './web-helpers.js';

/**
 * The provider console (/console/) end to end in headless Chromium, through the public API only: a provider
 * signs in, adds a consent (and sees the API's errors beside the fields for a bad one), looks it up with
 * its history and receipt, checks several recipients at once. Every screen: axe-core, no horizontal
 * scrolling, screenshots at 360 and 1280 px under .local/screens/.
 */
let sys: TestSystem;
let browser: Browser;
let receiver: Server;
let receiverUrl: string;

beforeAll(async () => {
  if (!chromiumPath)
    throw new Error('Chromium not found: run `npm test` (its pretest installs it) or set CHROMIUM_PATH');
  // A provider's push receiver on this machine (allowed over http on the loopback locally): it demands
  // Basic auth, as İYS's probe requires.
  receiver = createServer((req, res) => {
    req.resume();
    res
      .writeHead(
        req.headers.authorization === `Basic ${Buffer.from('iys:push-sifre-1').toString('base64')}`
          ? 200
          : 401,
      )
      .end();
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const a = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/iys`;
  process.env.IYS_PUSH_ALLOW_HTTP_LOOPBACK = 'true';
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
}, 120_000);
afterAll(async () => {
  reportAxe('console');
  await browser?.close();
  await sys?.stop();
  receiver?.close();
});

async function open(): Promise<{ page: Page; cspErrors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({
    locale: 'tr-TR',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  page.on('pageerror', (e) => cspErrors.push(`page error: ${e.message}`));
  await page.goto(`${sys.url}/console/`);
  return { page, cspErrors, close: () => context.close() };
}

async function signIn(page: Page, user: string, password: string) {
  await page.getByLabel('Kullanıcı adı').fill(user);
  await page.getByLabel('Şifre').fill(password);
  await page.keyboard.press('Enter');
  await page.getByText('Giriş yapıldı').waitFor();
}

describe('provider console', () => {
  it('serves the page with a strict CSP that adds only the uploads origin', async () => {
    const r = await sys.call('GET', '/console/');
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:\d+;/);
    expect(r.text).toContain('lang="tr"');
    expect((await sys.call('GET', '/console/../package.json')).status).toBe(404);
  });

  it('sign in, add a consent (errors beside the fields), look it up with history and receipt, multi-status', async () => {
    const { page, cspErrors, close } = await open();
    await checkScreen(page, 'console-1-sign-in');
    // A wrong password: İYS's message beside the password field.
    await signInFails(page);
    await signIn(page, 'ornek-api', 'change-me-1');
    expect(await page.locator('#brand option').allTextContents()).toEqual([
      'Örnek (700001)',
      'Örnek Çocuk (700002)',
    ]);
    await page.getByRole('heading', { name: 'İzin ekle' }).waitFor();
    await checkScreen(page, 'console-2-add');

    // A bad consent: each error beside the field the API's location names, with its H-code.
    await page.getByLabel('Alıcı', { exact: true }).fill('+90532');
    await page.getByLabel('İzin tarihi').fill('24.11.2030 09:00');
    await page.getByRole('button', { name: 'İzni kaydet' }).click();
    const recipientError = page.locator('[data-field="recipient"] .field-error');
    await expect.poll(() => recipientError.textContent()).toMatch(/^H\d{3}/);
    expect(await page.locator('[data-field="consentDate"] .field-error').textContent()).toMatch(
      /^H\d{3}\s*\S/,
    );
    expect(await page.locator('[data-field="source"] .field-error').textContent()).toMatch(/^H\d{3}/);
    expect(await page.getByLabel('Alıcı', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement?.name')).toBe('recipient');
    await checkScreen(page, 'console-3-add-errors');

    // A good one: the transactionId and creationDate.
    await page.getByLabel('Alıcı', { exact: true }).fill('+905321112233');
    await page.getByLabel('İzin tarihi').fill('24.11.2026 09:00');
    await page.getByLabel('Kaynak').selectOption('HS_WEB');
    await page.getByRole('button', { name: 'İzni kaydet' }).click();
    await page.getByRole('heading', { name: 'İzin kaydedildi' }).waitFor();
    expect(await page.locator('#view-body .field-error:not(:empty)').count()).toBe(0);
    const saved = (await page.locator('.panel').textContent())!;
    const txn = /[0-9a-f]{64}/.exec(saved)?.[0];
    expect(txn).toBeDefined();
    expect(saved).toContain('25 Kasım 2026 10:00');
    await checkScreen(page, 'console-4-added');

    // Look-up: status, history, receipt once a checkpoint covers it.
    await sys.drain();
    await page.getByRole('link', { name: 'İzin sorgula' }).click();
    await page.getByRole('heading', { name: 'İzin sorgula' }).waitFor();
    await page.getByLabel('Alıcı', { exact: true }).fill('+905321112233');
    await page.getByRole('button', { name: 'Sorgula' }).click();
    await page.getByRole('heading', { name: 'Güncel durum' }).waitFor();
    const status = (await page.locator('.panel').first().textContent())!;
    expect(status).toContain('Onaylı (ONAY)');
    expect(status).toContain('Web sitesi (HS_WEB)');
    expect(status).toContain('24 Kasım 2026 09:00');
    expect(status).toContain(txn);
    expect(await page.locator('table tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: /^Makbuz/ }).click();
    await page.getByText('Makbuz henüz hazır değil:').waitFor();
    expect((await sys.call('POST', '/local/jobs/seal')).status).toBe(200);
    await page.getByRole('button', { name: 'Yeniden dene' }).click();
    await page.getByRole('heading', { name: 'Makbuz', exact: true }).waitFor();
    expect(await page.locator('pre').textContent()).toContain(
      'openssl ts -verify -data checkpoint.txt -in checkpoint.tsr -CAfile root.pem',
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Makbuzun tamamı (JSON)' }).click(),
    ]);
    const receipt = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(JSON.parse(Buffer.from(receipt.record, 'base64').toString()).transactionId).toBe(txn);
    const [tsr] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Zaman damgası (.tsr)' }).click(),
    ]);
    expect(readFileSync((await tsr.path())!).equals(Buffer.from(receipt.checkpointTimestamp, 'base64'))).toBe(
      true,
    );
    await checkScreen(page, 'console-5-lookup');

    // Several recipients at once.
    await page.getByRole('link', { name: 'Çoklu durum' }).click();
    await page.getByLabel('Alıcılar').fill('+905321112233\n+905329998877');
    await page.getByRole('button', { name: 'Durumları sorgula' }).click();
    await page.getByText('2 alıcıdan 1 tanesinin onayı var.').waitFor();
    const rows = await page.locator('table tbody tr').allTextContents();
    expect(rows).toEqual(['+905321112233Onaylı (ONAY)', '+905329998877Onay yok']);
    await checkScreen(page, 'console-6-multi');

    // Sign-out forgets the tokens; nothing was kept in the browser's storage.
    await page.getByRole('button', { name: 'Çıkış yap' }).click();
    await page.getByText('Çıkış yapıldı.').waitFor();
    expect(await page.evaluate('localStorage.length + sessionStorage.length + document.cookie.length')).toBe(
      0,
    );
    expect(cspErrors).toEqual([]);
    await close();
  });
});

async function signInFails(page: Page) {
  await page.getByLabel('Kullanıcı adı').fill('ornek-api');
  await page.getByLabel('Şifre').fill('wrong');
  await page.getByRole('button', { name: 'Giriş yap' }).click();
  await expect
    .poll(() => page.locator('[data-field="password"] .field-error').textContent())
    .toContain('geçersiz');
}

/** A CSV of `n` rows for one brand; every `badEvery`-th row has a bad recipient (H121 in the report). */
function bulkCsv(n: number, badEvery: number, prefix = '90544'): { csv: string; bad: number } {
  const lines = ['recipient,type,status,consentDate,source,recipientType'];
  let bad = 0;
  for (let i = 1; i <= n; i++) {
    const isBad = i % badEvery === 0;
    if (isBad) bad++;
    const recipient = isBad ? `+90${i}` : `+${prefix}${String(i).padStart(7, '0')}`;
    lines.push(`${recipient},MESAJ,ONAY,2026-11-24 09:00:00,HS_WEB,BIREYSEL`);
  }
  return { csv: `${lines.join('\n')}\n`, bad };
}

describe('provider console: bulk files', () => {
  it('uploads a CSV of a few thousand rows and a JSON Lines file straight to S3, follows them to the end, shows counts and the report', async () => {
    const { page, cspErrors, close } = await open();
    await signIn(page, 'ornek-api', 'change-me-1');
    await page.getByRole('link', { name: 'Toplu yükleme' }).click();
    await page.getByRole('heading', { name: 'Toplu yükleme' }).waitFor();
    await checkScreen(page, 'console-7-bulk');

    const { csv, bad } = bulkCsv(2000, 400);
    await page
      .getByLabel('Dosya', { exact: true })
      .setInputFiles({ name: 'izinler.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Yükle' }).click();
    await page.getByText(/^Tamamlandı: 1\.995 başarılı, 5 hatalı satır\.$/).waitFor({ timeout: 90_000 });
    expect(bad).toBe(5);
    const result = page.getByRole('region', { name: 'Sonuç' });
    expect(await result.locator('tbody tr').textContent()).toBe('Tamamlandı (COMPLETED)2.0001.9955');
    const report = page.getByRole('region', { name: 'Hata raporu' });
    await report.waitFor();
    const reportRows = await report.locator('tbody tr').allTextContents();
    expect(reportRows).toHaveLength(5);
    expect(reportRows[0]).toMatch(/^401H121/); // line 401 (header = line 1)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Hata raporunu indir (CSV)' }).click(),
    ]);
    expect(readFileSync((await download.path())!, 'utf8').split('\n')[0]).toBe(
      'line,code,field,message,recipient',
    );
    await checkScreen(page, 'console-8-bulk-csv-done');

    const jsonl = [
      JSON.stringify({
        recipient: 'bulk1@example.com',
        type: 'EPOSTA',
        status: 'ONAY',
        consentDate: '2026-11-24 09:00:00',
        source: 'HS_WEB',
        recipientType: 'BIREYSEL',
      }),
      'not json',
      JSON.stringify({
        recipient: 'bulk2@example.com',
        type: 'EPOSTA',
        status: 'ONAY',
        consentDate: '2026-11-24 09:00:00',
        source: 'HS_WEB',
        recipientType: 'BIREYSEL',
      }),
    ].join('\n');
    await page
      .getByLabel('Dosya', { exact: true })
      .setInputFiles({ name: 'izinler.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl) });
    await page.getByRole('button', { name: 'Yükle' }).click();
    await page.getByText(/^Tamamlandı: 2 başarılı, 1 hatalı satır\.$/).waitFor({ timeout: 60_000 });
    expect(
      await page
        .getByRole('region', { name: 'Hata raporu' })
        .first()
        .locator('tbody tr')
        .first()
        .textContent(),
    ).toMatch(/^2X067/);
    // Both uploads are listed with their state.
    const listed = await page
      .getByRole('region', { name: 'Markanın son yüklemeleri' })
      .locator('tbody tr')
      .allTextContents();
    expect(listed.slice(0, 2).map((r) => r.replace(/[0-9a-f-]{36}.*Tamamlandı/, ' … Tamamlandı '))).toEqual([
      'izinler.jsonl … Tamamlandı 21',
      'izinler.csv … Tamamlandı 1.9955',
    ]);
    expect(cspErrors).toEqual([]);
    await close();
    // A later session lists the brand's earlier uploads with their state, from the API (no file names).
    const later = await open();
    await signIn(later.page, 'ornek-api', 'change-me-1');
    await later.page.getByRole('link', { name: 'Toplu yükleme' }).click();
    const rows = later.page.getByRole('region', { name: 'Markanın son yüklemeleri' }).locator('tbody tr');
    await rows.nth(1).waitFor();
    expect(
      (await rows.allTextContents())
        .slice(0, 2)
        .map((r) => r.replace(/[0-9a-f-]{36}.*Tamamlandı/, ' … Tamamlandı ')),
    ).toEqual(['— … Tamamlandı 21', '— … Tamamlandı 1.9955']);
    await later.close();
  }, 180_000);

  it("uploads İYS's Excel template (.xlsx) of a few thousand rows; the server reads it streamed by ranges", async () => {
    const { page, cspErrors, close } = await open();
    await signIn(page, 'ornek-api', 'change-me-1');
    await page.getByRole('link', { name: 'Toplu yükleme' }).click();
    const header = ['recipient', 'type', 'status', 'consentDate', 'source', 'recipientType'];
    const rows: (string | number)[][] = [header];
    for (let i = 1; i <= 2000; i++) {
      // every 500th row: a bad channel (H117 or similar in the report); the rest alternate text and Excel dates
      const type = i % 500 === 0 ? 'FAKS' : 'EPOSTA';
      rows.push([
        `x${i}@example.com`,
        type,
        'ONAY',
        i % 2 ? '2026-11-24 09:00:00' : 46350.375,
        'HS_WEB',
        'BIREYSEL',
      ]);
    }
    const file = await xlsxBuffer(rows, { shared: true });
    await page.getByLabel('Dosya', { exact: true }).setInputFiles({
      name: 'izin-sablonu.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await page.getByRole('button', { name: 'Yükle' }).click();
    await page.getByText(/^Tamamlandı: 1\.996 başarılı, 4 hatalı satır\.$/).waitFor({ timeout: 90_000 });
    const report = await page
      .getByRole('region', { name: 'Hata raporu' })
      .locator('tbody tr')
      .allTextContents();
    expect(report).toHaveLength(4);
    expect(report[0]).toMatch(/^501H\d{3}type/); // Excel's row 501 (header = row 1), the field named
    await checkScreen(page, 'console-9-bulk-xlsx-done');
    expect(cspErrors).toEqual([]);
    await close();
    // Both kinds of date cell became the same consentDate.
    const hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
    for (const recipient of ['x1@example.com', 'x2@example.com']) {
      const s = await sys.call('POST', '/sps/700001/brands/700001/consents/status', {
        token: hs,
        body: { recipient, recipientType: 'BIREYSEL', type: 'EPOSTA' },
      });
      expect(s.body.consentDate).toBe('2026-11-24 09:00:00');
    }
  }, 180_000);
});

describe('provider console: daily files', () => {
  it("downloads a day's file and lists with their time stamps and signatures; the hash and summary agree", async () => {
    // The day 25 November closes; the daily job builds and signs it (the movements of the tests above).
    const { setClock } = await import('../../functions/adapters/clock.js');
    await sys.call('POST', '/sps/700001/brands/700001/consents', {
      token: (await sys.login('ornek-api', 'change-me-1')).access_token,
      body: {
        recipient: 'gunluk@example.com',
        type: 'EPOSTA',
        source: 'HS_WEB',
        status: 'ONAY',
        consentDate: '2026-11-24 09:00:00',
        recipientType: 'BIREYSEL',
      },
    });
    setClock('2026-11-26T03:00:00+03:00');
    await sys.drain();
    const job = await sys.call('POST', '/local/jobs/daily', { body: { date: '2026-11-25' } });
    expect(job.status, job.text).toBe(200);

    const { page, cspErrors, close } = await open();
    await signIn(page, 'ornek-api', 'change-me-1');
    await page.getByRole('link', { name: 'Günlük dosyalar' }).click();
    // A malformed date: the API's H501 beside the field.
    await page.getByLabel('Gün', { exact: true }).fill('2026/11/25');
    await page.getByRole('button', { name: 'Dosyaları getir' }).click();
    await expect
      .poll(() => page.locator('[data-field="reportDate"] .field-error').textContent())
      .toMatch(/^H501/);
    await page.getByLabel('Gün', { exact: true }).fill('25.11.2026');
    await page.getByRole('button', { name: 'Dosyaları getir' }).click();
    await page.getByText('25 Kasım 2026 dosyaları hazır.').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('region', { name: 'İndirilen dosyalar' }).textContent()).not.toContain(
      'alınamadı',
    );

    const save = async (name: string) => {
      const [d] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name, exact: true }).click(),
      ]);
      return readFileSync((await d.path())!);
    };
    const day = await save('Günlük hareket dosyası');
    expect(day.toString().split('\n')[0]).toBe(
      'creationDate,transactionId,recipient,recipientType,type,status,consentDate,source',
    );
    const hash = (await page.locator('.panel code').textContent())!;
    expect(createHash('sha384').update(day).digest('hex')).toBe(hash);
    const approvals = (await save('Onay listesi')).toString().trimEnd().split('\n').slice(1);
    expect(approvals.length).toBeGreaterThan(0);
    expect(approvals.every((r) => r.split(',')[5] === 'ONAY')).toBe(true);
    expect((await save('Onay listesinin zaman damgası (.tsr)')).length).toBeGreaterThan(100);
    // The summary's approvals add up to the approvals list.
    const summaryRows = page.getByRole('region', { name: 'Mutabakat özeti' }).locator('tbody tr');
    let total = 0;
    for (let i = 0; i < (await summaryRows.count()); i++) {
      const cells = await summaryRows.nth(i).locator('td').allTextContents();
      if (cells[2]!.endsWith('(HS)')) total += Number(cells[3]!.replace(/\./g, ''));
    }
    expect(total).toBe(approvals.length);
    await checkScreen(page, 'console-10-daily');

    await page.getByRole('button', { name: 'Mutabakatı onayla' }).click();
    await page.getByText('Mutabakat kaydedildi.').waitFor();
    const a = await sys.call('GET', '/sps/700001/brands/700001/agreements/2026-11-25', {
      token: (await sys.login('ornek-api', 'change-me-1')).access_token,
    });
    expect(a.body.agreementStatus).toBe(true);
    expect(cspErrors).toEqual([]);
    await close();
  }, 120_000);
});

describe('provider console: administration and an integrator', () => {
  it('retailers, integrator grants, API users, push and subscription, errors beside their fields', async () => {
    const { page, cspErrors, close } = await open();
    await signIn(page, 'ornek-api', 'change-me-1');
    await page.getByRole('link', { name: 'Yönetim' }).click();
    await page.getByRole('heading', { name: 'Abonelik ve kontör' }).waitFor();
    const sub = page.getByRole('region', { name: 'Abonelik ve kontör' });
    expect(await sub.textContent()).toContain('İleti+');
    expect(await sub.textContent()).toContain('Etkin (ACTIVE)');

    // A retailer: a wrong T.C. number first (the API's H-code beside the field), then a good one.
    const retailers = page.getByRole('form', { name: 'Bayi oluştur' });
    await retailers.getByLabel('Unvan').fill('XYZ Ticaret');
    await retailers.getByLabel('Yetkili adı soyadı').fill('Adım Soyadım');
    await retailers.getByLabel('Yetkilinin T.C. kimlik numarası').fill('12345678901');
    await retailers.getByLabel('Vergi kimlik numarası').fill('1234567890');
    await retailers.getByLabel('İl', { exact: true }).selectOption({ label: 'İstanbul' });
    await retailers.getByLabel('İlçe').selectOption({ index: 1 });
    await retailers.getByRole('button', { name: 'Bayiyi oluştur' }).click();
    await expect
      .poll(() => retailers.locator('[data-field="tckn"] .field-error').textContent())
      .toMatch(/^H225/);
    await checkScreen(page, 'console-11-admin-error');
    await retailers.getByLabel('Yetkilinin T.C. kimlik numarası').fill('10000000146');
    await retailers.getByRole('button', { name: 'Bayiyi oluştur' }).click();
    await page.getByText(/^Bayi oluşturuldu: \d+\.$/).waitFor();
    const list = page.getByRole('region', { name: /^Bayiler \(1\)$/ });
    await list.waitFor();
    expect(await list.textContent()).toContain('XYZ Ticaret');
    // Share a consent with the retailer, see it on the consent, take the access away again.
    const retailerCode = /Bayi oluşturuldu: (\d+)\./.exec(
      (await page.locator('#status').textContent())!,
    )![1]!;
    const hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
    const added = await sys.call('POST', '/sps/700001/brands/700001/consents', {
      token: hs,
      body: {
        recipient: 'bayi@example.com',
        type: 'EPOSTA',
        source: 'HS_WEB',
        status: 'ONAY',
        consentDate: '2026-11-24 09:00:00',
        recipientType: 'BIREYSEL',
      },
    });
    expect(added.status, added.text).toBe(200);
    const share = page.getByRole('form', { name: 'İzni bayilerle paylaş' });
    await share.getByLabel('Alıcı', { exact: true }).fill('bayi@example.com');
    await share.getByLabel('Kanal').selectOption('EPOSTA');
    await share.getByLabel('Bayi kodları').fill(retailerCode);
    await share.getByRole('button', { name: 'Erişim ver' }).click();
    await page.getByText('İzin bayilerle paylaşıldı.').waitFor();
    const access = page.getByRole('form', { name: 'Bir iznin bayileri' });
    await access.getByLabel('Alıcı', { exact: true }).fill('bayi@example.com');
    await access.getByLabel('Kanal').selectOption('EPOSTA');
    await access.getByRole('button', { name: 'Bayileri göster' }).click();
    const holders = page.getByRole('region', { name: 'Bu izne erişimi olan bayiler' });
    await holders.waitFor();
    expect(await holders.locator('tbody tr').allTextContents()).toEqual([
      expect.stringContaining(`${retailerCode}XYZ Ticaret`),
    ]);
    await page.getByRole('button', { name: 'XYZ Ticaret: erişimi kaldır' }).click();
    await page.getByText('Bu izne erişimi olan bayi yok.').waitFor();
    await page.getByRole('button', { name: /^XYZ Ticaret \(\d+\) bayisini sil$/ }).click();
    await page.getByText('XYZ Ticaret bayisi silindi.').waitFor();

    // An integrator grant for the second brand: e-mail, read only.
    await page.locator('#brand').selectOption({ label: 'Örnek Çocuk (700002)' });
    await page.getByText('Marka: Örnek Çocuk').waitFor();
    const grant = page.getByRole('form', { name: 'Entegratör yetkisi' });
    await grant.getByLabel('Entegratör kodu').fill('900001');
    await grant.getByLabel('E-posta (EPOSTA)').selectOption('read');
    await grant.getByRole('button', { name: 'Yetkiyi kaydet' }).click();
    await page.getByText('Entegratör yetkisi kaydedildi.').waitFor();

    // An API user: a weak password (X030 beside it), then a good one; disable; a new password.
    const user = page.getByRole('form', { name: 'API kullanıcısı oluştur' });
    await user.getByLabel('Kullanıcı adı').fill('ornek-web');
    await user.getByLabel('Şifre').fill('kisa');
    await user.getByRole('button', { name: 'Kullanıcıyı oluştur' }).click();
    await expect
      .poll(() => user.locator('[data-field="password"] .field-error').textContent())
      .toMatch(/^X030/);
    await user.getByLabel('Şifre').fill('uzun-sifre-2026');
    await user.getByRole('button', { name: 'Kullanıcıyı oluştur' }).click();
    await page.getByText('ornek-web oluşturuldu.').waitFor();
    await page.getByRole('button', { name: 'ornek-web: devre dışı bırak' }).click();
    await page.getByText('ornek-web devre dışı bırakıldı.').waitFor();
    await page.getByRole('button', { name: 'ornek-web: etkinleştir' }).waitFor();
    const pw = page.getByRole('form', { name: 'Şifre değiştir' });
    await pw.getByLabel('Kullanıcı adı').fill('ornek-web');
    await pw.getByLabel('Yeni şifre').fill('yeni-sifre-2027');
    await pw.getByRole('button', { name: 'Şifreyi değiştir' }).click();
    await page.getByText('ornek-web kullanıcısının şifresi değiştirildi.').waitFor();
    await page.getByRole('button', { name: 'ornek-web: etkinleştir' }).click();
    await page.getByText('ornek-web etkinleştirildi.').waitFor();
    expect((await sys.login('ornek-web', 'yeni-sifre-2027')).access_token).toBeTruthy();

    // Push: a plain-http address is refused (H531) beside the address field.
    const push = page.getByRole('form', { name: 'Bildirim bağlantısı ekle' });
    await push.getByLabel('Bağlantı: adres (https)').fill('http://example.com/iys');
    await push.getByLabel('Kullanıcı adı').fill('iys');
    await push.getByLabel('Şifre').fill('push-sifre-1');
    await push.getByRole('button', { name: 'Bağlantıyı kaydet' }).click();
    await expect.poll(() => push.locator('[data-field="url"] .field-error').textContent()).toMatch(/^H531/);
    expect(await page.getByRole('region', { name: 'Anlık bildirim (push)' }).textContent()).toContain(
      'Kayıtlı bildirim bağlantısı yok.',
    );
    // A real receiver: registered (İYS's probe and test payload accepted), listed, then removed.
    await push.getByLabel('Bağlantı: adres (https)').fill(receiverUrl);
    await push.getByRole('button', { name: 'Bağlantıyı kaydet' }).click();
    await page.getByText('Bildirim bağlantısı kaydedildi.').waitFor({ timeout: 30_000 });
    const connections = page.getByRole('region', { name: 'Kayıtlı bağlantılar' });
    expect(await connections.locator('tbody tr').allTextContents()).toEqual([
      expect.stringContaining(`${receiverUrl}SMS (kısa mesaj) (MESAJ)`),
    ]);
    const unregister = page.getByRole('form', { name: 'Bildirim bağlantısını kaldır' });
    await unregister.getByLabel('Kaldırılacak bağlantı: adres (https)').fill(receiverUrl);
    await unregister.getByLabel('Kullanıcı adı').fill('iys');
    await unregister.getByLabel('Şifre').fill('push-sifre-1');
    await unregister.getByRole('button', { name: 'Bağlantıyı kaldır' }).click();
    await page.getByText('Bildirim bağlantısı kaldırıldı.').waitFor();
    await checkScreen(page, 'console-12-admin');
    expect(cspErrors).toEqual([]);
    await close();
  }, 120_000);

  it('an integrator sees only its granted brands, and per brand only the channels its grant allows', async () => {
    const { page, cspErrors, close } = await open();
    await signIn(page, 'entegrator-api', 'change-me-2');
    expect(await page.locator('#brand option').allTextContents()).toEqual([
      'Örnek Ticaret A.Ş. · Örnek (700001)',
      'Örnek Ticaret A.Ş. · Örnek Çocuk (700002)',
    ]);
    // Brand 700001: MESAJ and EPOSTA write, ARAMA read.
    const options = () => page.getByLabel('Kanal', { exact: true }).locator('option').allTextContents();
    await expect.poll(options).toEqual(['SMS (kısa mesaj) (MESAJ)', 'E-posta (EPOSTA)']);
    await page.getByLabel('Alıcı', { exact: true }).fill('+905321119988');
    await page.getByLabel('İzin tarihi').fill('24.11.2026 09:00');
    await page.getByLabel('Kaynak').selectOption('HS_WEB');
    await page.getByRole('button', { name: 'İzni kaydet' }).click();
    await page.getByRole('heading', { name: 'İzin kaydedildi' }).waitFor();
    await page.getByRole('link', { name: 'İzin sorgula' }).click();
    await page.getByRole('heading', { name: 'İzin sorgula' }).waitFor();
    await expect
      .poll(options)
      .toEqual(['SMS (kısa mesaj) (MESAJ)', 'Sesli arama (ARAMA)', 'E-posta (EPOSTA)']);
    await page.getByRole('link', { name: 'Toplu yükleme' }).click();
    await page.getByText('Toplu yükleme için bu markanın üç kanalında da yazma yetkisi gerekir').waitFor();
    await checkScreen(page, 'console-13-integrator-bulk');
    // Brand 700002: e-mail read only (the grant given above).
    await page.locator('#brand').selectOption({ label: 'Örnek Ticaret A.Ş. · Örnek Çocuk (700002)' });
    await page.getByRole('link', { name: 'İzin ekle' }).click();
    await page.getByText('Bu markada izin ekleme yetkiniz yok.').waitFor();
    await page.getByRole('link', { name: 'İzin sorgula' }).click();
    await page.getByRole('heading', { name: 'İzin sorgula' }).waitFor();
    await expect.poll(options).toEqual(['E-posta (EPOSTA)']);
    // The integrator's administration: no users or grants of the provider.
    await page.getByRole('link', { name: 'Yönetim' }).click();
    await page.getByRole('heading', { name: 'Abonelik ve kontör' }).waitFor();
    expect(await page.getByRole('heading', { name: 'API kullanıcıları' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Entegratör yetkileri' }).count()).toBe(0);
    await checkScreen(page, 'console-14-integrator-admin');
    expect(cspErrors).toEqual([]);
    await close();
  }, 120_000);
});
