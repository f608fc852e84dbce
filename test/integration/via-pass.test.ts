import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeedPath } from '../../bin/local/system.js';
import { advanceClock } from '../../functions/adapters/clock.js';
import { startTestSystem, type TestSystem } from './harness.js';

/** ViA PASS over HTTP (docs/via-pass.md): İYS's paths, bodies, answers and its own error shape. */
let sys: TestSystem;
let ornek: string;
let baska: string;
let integrator: string;
const api = '/otp-management/api/v1';
const vkn = '1234567890';
const dir = mkdtempSync(join(tmpdir(), 'via-pass-'));
const templates: Record<string, string> = {};

beforeAll(async () => {
  // The demo seed, with a provider whose ViA PASS package has a single credit left.
  const seed = JSON.parse(readFileSync(defaultSeedPath, 'utf8'));
  seed.providers[1].viaPassCredits = 1;
  const seedPath = join(dir, 'seed.json');
  writeFileSync(seedPath, JSON.stringify(seed));
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00', seedPath });
  await signIn();
  const list = await sys.call('GET', `${api}/templates/700001`, { token: ornek });
  for (const t of list.body.data) templates[`${t.channel} ${t.method}`] = t.templateId;
});
afterAll(async () => sys?.stop());

/** Fresh access tokens (they live 2 hours; a test moves the clock a day). */
async function signIn() {
  ornek = (await sys.login('ornek-api', 'change-me-1')).access_token;
  baska = (await sys.login('baska-api', 'change-me-5')).access_token;
  integrator = (await sys.login('entegrator-api', 'change-me-2')).access_token;
}

async function outbox(to: string): Promise<{ channel: string; to: string; text: string; subject?: string }> {
  const r = await sys.call('GET', '/local/outbox');
  const m = (r.body as { to: string }[]).find((x) => x.to === to);
  if (!m) throw new Error(`nothing sent to ${to}`);
  return m as never;
}
const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)![1]!;

async function smsStart(phoneNumber: string, token = ornek, iysCode = 700001, templateId?: string) {
  return sys.call('POST', `${api}/${iysCode}/sms/start`, {
    token,
    body: { phoneNumber, templateId: templateId ?? templates['SMS OTP'], vkn },
  });
}
const complete = (otpCode: string, requestId: string, token = ornek, channel = 'sms') =>
  sys.call('POST', `${api}/${channel}/complete`, { token, body: { otpCode, requestId } });
const history = (requestId: string, token = ornek, query = '') =>
  sys.call('POST', `${api}/request-history${query}`, { token, body: { requestId } });

describe('templates (our operations)', () => {
  it('the seed gave each provider one template of each channel and method', () => {
    expect(Object.keys(templates).sort()).toEqual([
      'EPOSTA OTP',
      'EPOSTA SHORT_URL',
      'SMS OTP',
      'SMS SHORT_URL',
    ]);
  });

  it('the provider’s user creates one; a message without its placeholder is refused; an integrator lists only', async () => {
    const created = await sys.call('POST', `${api}/templates/700001`, {
      token: ornek,
      body: {
        channel: 'SMS',
        method: 'OTP',
        name: 'Kayıt',
        message: 'Kayıt kodunuz {{otp}}',
        clarification: 'Aydınlatma metni.',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      channel: 'SMS',
      method: 'OTP',
      iysCode: 700001,
      name: 'Kayıt',
    });
    expect(created.body.data.templateId).toMatch(/^\d+$/);
    const bad = await sys.call('POST', `${api}/templates/700001`, {
      token: ornek,
      body: { channel: 'SMS', method: 'OTP', message: 'kod yok', clarification: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      errorCode: 'ERR-VLD-001',
      errorMessage: 'validasyon hatası',
      data: [{ field: 'message', message: 'message yer tutucuyu ({{otp}}) bir kez içermelidir.' }],
    });
    const byIntegrator = await sys.call('POST', `${api}/templates/700001`, {
      token: integrator,
      body: { channel: 'SMS', method: 'OTP', message: '{{otp}}', clarification: 'x' },
    });
    expect(byIntegrator.status).toBe(403);
    expect(byIntegrator.body.errorCode).toBe('ERR-SYS-0005');
    const listed = await sys.call('GET', `${api}/templates/700001`, { token: integrator });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((t: { templateId: string }) => t.templateId)).toContain(
      created.body.data.templateId,
    );
    const foreign = await sys.call('GET', `${api}/templates/700001`, { token: baska });
    expect(foreign.status).toBe(403);
  });
});

describe('SMS OTP', () => {
  it('start → the code from the outbox → complete', async () => {
    const started = await smsStart('+905301110001');
    expect(started.status).toBe(200);
    expect(started.body).toEqual({
      data: { requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      message: 'SMS OTP doğrulama süreci başarıyla başlatıldı.',
    });
    const sms = await outbox('+905301110001');
    expect(sms.channel).toBe('SMS');
    expect(sms.text).toMatch(/^\d{6} ViA PASS doğrulama kodunuzdur/);
    const done = await complete(codeIn(sms.text), started.body.data.requestId);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ message: 'SMS OTP işlemi başarıyla tamamlandı.' });
    expect(done.headers.get('trace_id')).toBeTruthy();
    const again = await complete(codeIn(sms.text), started.body.data.requestId);
    expect(again.status).toBe(400);
    expect(again.body.subSystemErrorInfo.errors[0].code).toBe('H1110');
  });

  it('a wrong code (H1052 in ERR-SYS-0007), then the right one', async () => {
    const { requestId } = (await smsStart('+905301110002')).body.data;
    const code = codeIn((await outbox('+905301110002')).text);
    const wrong = code === '000000' ? '111111' : '000000';
    const r = await complete(wrong, requestId);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      errorCode: 'ERR-SYS-0007',
      errorMessage: 'Alt sistem hatası.',
      subSystemErrorInfo: {
        status: 400,
        errors: [{ code: 'H1052', message: 'Girilen VIA_PASS otp kodu geçerli değildir.', value: wrong }],
      },
    });
    expect((await complete(code, requestId)).status).toBe(200);
  });

  it('three wrong codes, then the right one is refused (H1050)', async () => {
    const { requestId } = (await smsStart('+905301110003')).body.data;
    const code = codeIn((await outbox('+905301110003')).text);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++)
      expect((await complete(wrong, requestId)).body.subSystemErrorInfo.errors[0].code).toBe('H1052');
    const fourth = await complete(code, requestId);
    expect(fourth.status).toBe(400);
    expect(fourth.body.subSystemErrorInfo.errors[0]).toEqual({
      code: 'H1050',
      message: 'Otp kodu maksimum 3 defa hatalı girilebilir.',
    });
  });

  it('a code is refused after 3 minutes on the local clock (H1051)', async () => {
    const { requestId } = (await smsStart('+905301110004')).body.data;
    const code = codeIn((await outbox('+905301110004')).text);
    advanceClock(3 * 60_000 + 1000);
    const late = await complete(code, requestId);
    expect(late.status).toBe(400);
    expect(late.body.subSystemErrorInfo.errors[0]).toEqual({
      code: 'H1051',
      message: 'Gönderilen OTP ile 3 dakika içinde işlem yapılmadığı için süreç sonlanmıştır.',
    });
  });

  it('another provider’s requestId is not found (OTP-ERROR-001); an integrator with a grant completes', async () => {
    const { requestId } = (await smsStart('+905301110005')).body.data;
    const code = codeIn((await outbox('+905301110005')).text);
    const foreign = await complete(code, requestId, baska);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({
      errorCode: 'OTP-ERROR-001',
      errorMessage: 'Otp request ek bilgi kaydı bulunamadı.',
    });
    const unknown = await complete(code, '8ea6ab1d-9f11-4b8f-9d35-24ee89fdcfa4');
    expect(unknown.status).toBe(404);
    const asEmail = await complete(code, requestId, ornek, 'email');
    expect(asEmail.body.errorCode).toBe('OTP-ERROR-001');
    expect((await complete(code, requestId, integrator)).status).toBe(200);
  });

  it('validates the body: vkn, phoneNumber, required fields (ERR-VLD-001)', async () => {
    const badVkn = await sys.call('POST', `${api}/700001/sms/start`, {
      token: ornek,
      body: { phoneNumber: '+905301110006', templateId: templates['SMS OTP'], vkn: '0123456789' },
    });
    expect(badVkn.status).toBe(400);
    expect(badVkn.body).toEqual({
      errorCode: 'ERR-VLD-001',
      errorMessage: 'validasyon hatası',
      data: [
        {
          field: 'vkn',
          message:
            'Vergi Kimlik Numarası yalnızca rakamlardan oluşmalı, 10 veya 11 haneli olmalı, özel karakter ya da harf içermemeli ve 0 ile başlamamalıdır.',
        },
      ],
    });
    const badPhone = await smsStart('05301110006');
    expect(badPhone.body.data[0].field).toBe('phoneNumber');
    const empty = await sys.call('POST', `${api}/sms/complete`, { token: ornek, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.data).toEqual([
      { field: 'otpCode', message: "otpCode gereklidir ve boş bırakılamaz. Girilen değer: 'null'" },
      { field: 'requestId', message: "requestId gereklidir ve boş bırakılamaz. Girilen değer: 'null'" },
    ]);
    const notJson = await sys.call('POST', `${api}/sms/complete`, {
      token: ornek,
      raw: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.body.errorCode).toBe('ERR-SYS-0001');
  });

  it('an unknown templateId, or one of another channel, is H1107 in ERR-SYS-0007 (404)', async () => {
    for (const templateId of ['999999', templates['EPOSTA OTP']!, templates['SMS SHORT_URL']!]) {
      const r = await smsStart('+905301110007', ornek, 700001, templateId);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({
        errorCode: 'ERR-SYS-0007',
        errorMessage: 'Alt sistem hatası.',
        subSystemErrorInfo: {
          status: 404,
          errors: [{ code: 'H1107', message: 'Geçersiz template id!', value: templateId }],
        },
      });
    }
  });

  it('another provider’s iysCode is ERR-SYS-0005; a bad iysCode ERR-VLD-001', async () => {
    const r = await smsStart('+905301110008', baska);
    expect(r.status).toBe(403);
    expect(r.body).toEqual({
      errorCode: 'ERR-SYS-0005',
      errorMessage: "Gönderilen iysCode'un mevcut API kullanıcısı için yetkisi bulunmamaktadır.",
    });
    const bad = await sys.call('POST', `${api}/abc/sms/start`, {
      token: ornek,
      body: { phoneNumber: '+905301110008', templateId: templates['SMS OTP'], vkn },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.data[0].field).toBe('iysCode');
  });

  it('limits starts per recipient: the 6th in an hour is 429 with H083 and Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await smsStart('+905301110009')).status).toBe(200);
    const sixth = await smsStart('+905301110009');
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(sixth.body.subSystemErrorInfo).toEqual({
      status: 429,
      errors: [
        {
          code: 'H083',
          message: 'Saniyede kabul edilen istek limitinine ulaşıldı. Lütfen daha sonra tekrar deneyiniz.',
        },
      ],
    });
  });
});

describe('E-mail OTP', () => {
  it('start → the code from the outbox → complete', async () => {
    const started = await sys.call('POST', `${api}/700001/email/start`, {
      token: ornek,
      body: { email: 'ali@example.com', templateId: templates['EPOSTA OTP'], vkn },
    });
    expect(started.status).toBe(200);
    expect(started.body.message).toBe('Email OTP doğrulama süreci başarıyla başlatıldı.');
    const mail = await outbox('ali@example.com');
    expect(mail).toMatchObject({ channel: 'EPOSTA', subject: 'Doğrulama kodunuz' });
    const requestId = started.body.data.requestId;
    expect((await complete(codeIn(mail.text), requestId, ornek, 'sms')).body.errorCode).toBe('OTP-ERROR-001');
    const done = await complete(codeIn(mail.text), requestId, ornek, 'email');
    expect(done.body).toEqual({ message: 'Email OTP işlemi başarıyla tamamlandı.' });
    const badEmail = await sys.call('POST', `${api}/700001/email/start`, {
      token: ornek,
      body: { email: 'ali@', templateId: templates['EPOSTA OTP'], vkn },
    });
    expect(badEmail.body.data[0].field).toBe('email');
  });
});

describe('short links', () => {
  it('SMS: the link opens a page, is confirmed once, then refused', async () => {
    const started = await sys.call('POST', `${api}/700001/sms/start/short-url`, {
      token: ornek,
      body: { phoneNumber: '+905301110010', templateId: templates['SMS SHORT_URL'], vkn },
    });
    expect(started.status).toBe(200);
    const [{ requestId, shortUrl }] = started.body.data;
    expect(shortUrl).toMatch(/\/vp\/[A-Za-z0-9_-]{32}$/);
    expect((await outbox('+905301110010')).text).toContain(shortUrl);
    const path = new URL(shortUrl).pathname;
    const page = await sys.call('GET', path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.text).toContain('<html lang="tr">');
    expect(page.text).toContain('Örnek Ticaret A.Ş.');
    expect(page.text).toContain('+905*******10');
    expect(page.text).not.toContain('+905301110010');
    expect(page.text).toContain('<button type="submit">Onaylıyorum</button>');
    expect((await complete('123456', requestId)).body.subSystemErrorInfo.errors[0].code).toBe('H1113');
    const yes = await sys.call('POST', path);
    expect(yes.status).toBe(200);
    expect(yes.text).toContain('Onayınız kaydedildi');
    expect((await sys.call('POST', path)).status).toBe(410);
    expect((await sys.call('GET', path)).status).toBe(410);
    const h = await history(requestId);
    expect(h.body.content.map((s: { status: string }) => s.status)).toEqual(['OTP Generation', 'SUCCESS']);
    expect(h.body.content[0].requestType).toBe('SMS SHORT URL');
  });

  it('e-mail: a link no longer works after 24 hours', async () => {
    const started = await sys.call('POST', `${api}/700001/email/start/short-url`, {
      token: ornek,
      body: { email: 'veli@example.com', templateId: templates['EPOSTA SHORT_URL'], vkn },
    });
    expect(started.status).toBe(200);
    expect(started.body.message).toBe('Email OTP doğrulama süreci başarıyla başlatıldı.');
    const path = new URL(started.body.data[0].shortUrl).pathname;
    expect((await outbox('veli@example.com')).text).toContain(path);
    expect((await sys.call('GET', path)).status).toBe(200);
    advanceClock(24 * 3_600_000 + 1000);
    expect((await sys.call('GET', path)).status).toBe(410);
    expect((await sys.call('POST', path)).status).toBe(410);
    expect((await sys.call('GET', '/vp/not-a-token')).status).toBe(410);
  });
});

describe('request history, clarification file, subscription', () => {
  let requestId: string;
  beforeAll(async () => {
    await signIn();
    requestId = (await smsStart('+905301110011')).body.data.requestId;
    const code = codeIn((await outbox('+905301110011')).text);
    await complete(code === '000000' ? '111111' : '000000', requestId);
    await complete(code, requestId);
  });

  it('lists a request’s steps, paged', async () => {
    const h = await history(requestId);
    expect(h.status).toBe(200);
    expect(h.body.content).toEqual([
      {
        requestType: 'SMS',
        status: 'OTP Generation',
        description: 'OTP Generation',
        transactionDate: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/),
      },
      {
        requestType: 'SMS',
        status: 'FAILURE',
        description: 'OTP Verification Failed',
        transactionDate: expect.any(String),
      },
      {
        requestType: 'SMS',
        status: 'SUCCESS',
        description: 'OTP Completed',
        transactionDate: expect.any(String),
      },
    ]);
    expect(h.body.pagination).toEqual({ currentPage: 1, totalItems: 3, totalPages: 1, elementsInPage: 3 });
    const page2 = await history(requestId, ornek, '?page=2&pageSize=2');
    expect(page2.body.content.map((s: { status: string }) => s.status)).toEqual(['SUCCESS']);
    expect(page2.body.pagination).toEqual({
      currentPage: 2,
      totalItems: 3,
      totalPages: 2,
      elementsInPage: 1,
    });
    expect((await history(requestId, ornek, '?pageSize=0')).body.errorCode).toBe('ERR-VLD-001');
  });

  it('answers İYS’s codes for a wrong history request', async () => {
    const call = (body: unknown) => sys.call('POST', `${api}/request-history`, { token: ornek, body });
    expect((await sys.call('POST', `${api}/request-history`, { token: ornek })).body.errorCode).toBe(
      'OTP-ERROR-005',
    );
    const cases: [unknown, number, string][] = [
      [{}, 400, 'OTP-ERROR-009'],
      [{ requestId: '' }, 400, 'OTP-ERROR-006'],
      [{ requestId, page: 1 }, 403, 'OTP-ERROR-010'],
      [{ requestId: 'cde1171e-c00f-41e6-a999-3fe32849c98a' }, 404, 'OTP-ERROR-002'],
    ];
    for (const [body, status, code] of cases) {
      const r = await call(body);
      expect([r.status, r.body.errorCode]).toEqual([status, code]);
    }
    const foreign = await history(requestId, baska);
    expect([foreign.status, foreign.body.errorCode]).toEqual([404, 'OTP-ERROR-002']);
  });

  it('the clarification file: a .zip of report.txt and its time stamp, which openssl verifies', async () => {
    const r = await fetch(`${sys.url}${api}/get-clarification-file/700001/${requestId}`, {
      headers: { authorization: `Bearer ${ornek}` },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/zip');
    writeFileSync(join(dir, 'file.zip'), Buffer.from(await r.arrayBuffer()));
    const unzip = spawnSync('python3', ['-m', 'zipfile', '-e', 'file.zip', 'out'], { cwd: dir });
    expect(unzip.status).toBe(0);
    const report = readFileSync(join(dir, 'out/report.txt'), 'utf8');
    expect(report).toContain(`İstek ID: ${requestId}`);
    expect(report).toContain('Alıcı İletişim Adresi: +905*******11');
    expect(report).not.toContain('+905301110011');
    expect(report).toContain('İşlem Tipi: SMS OTP');
    expect(report).toContain('İleti İçeriği: ****** ViA PASS doğrulama kodunuzdur');
    expect(report).toContain('Doğrulama Kodu: doğrulandı (2. denemede');
    expect(report).toMatch(/Şablon SHA-256: [0-9a-f]{64}/);
    expect(report).toContain(`Vergi Kimlik Numarası: ${vkn}`);
    expect(report).toContain('Şirket Ticaret Ünvanı: Örnek Ticaret A.Ş.');
    const root = await sys.call('GET', '/pki/root.pem');
    writeFileSync(join(dir, 'root.pem'), root.text);
    const verify = (data: string) =>
      spawnSync('openssl', ['ts', '-verify', '-data', data, '-in', 'out/result.tsr', '-CAfile', 'root.pem'], {
        cwd: dir,
        encoding: 'utf8',
      });
    expect(verify('out/report.txt').stdout).toContain('Verification: OK');
    const changed = Buffer.from(readFileSync(join(dir, 'out/report.txt')));
    changed.writeUInt8(changed.readUInt8(changed.length - 2) ^ 1, changed.length - 2);
    writeFileSync(join(dir, 'changed.txt'), changed);
    expect(verify('changed.txt').status).not.toBe(0);
    expect(createHash('sha256').update(report).digest('hex')).toHaveLength(64);
  });

  it('refuses the file of a request not completed, or of another provider (H1072, ERR-SYS-0005)', async () => {
    const open = (await smsStart('+905301110012')).body.data.requestId;
    const r = await sys.call('GET', `${api}/get-clarification-file/700001/${open}`, { token: ornek });
    expect(r.status).toBe(400);
    expect(r.body.subSystemErrorInfo.errors[0]).toEqual({
      code: 'H1072',
      message: 'Verilen işlem id ve iysCode için sistemde doküman bilgisi bulunamadı.',
    });
    const foreign = await sys.call('GET', `${api}/get-clarification-file/700001/${requestId}`, {
      token: baska,
    });
    expect(foreign.body.errorCode).toBe('ERR-SYS-0005');
    const wrongProvider = await sys.call('GET', `${api}/get-clarification-file/700100/${requestId}`, {
      token: baska,
    });
    expect(wrongProvider.body.subSystemErrorInfo.errors[0].code).toBe('H1072');
  });

  it('the subscription shows the ViA PASS credit each start spent; no credit is H1015', async () => {
    const sub = await sys.call('GET', `${api}/subscription/700001`, { token: ornek });
    expect(sub.status).toBe(200);
    expect(sub.body.message).toBe('Abonelik bilgileri başarıyla getirildi.');
    const [s] = sub.body.data;
    expect(s).toMatchObject({
      iysCode: 700001,
      status: 'ACTIVE',
      viaSubscriptionPackage: { viaSubscriptionPackageName: 'VIA-PASS-25', isLimited: true },
    });
    expect(s.viaCredit).toBeLessThan(1000);
    expect(s.viaSubscriptionPackage.viaCredit).toBe(s.viaCredit);
    await smsStart('+905301110013');
    const after = await sys.call('GET', `${api}/subscription/700001`, { token: integrator });
    expect(after.body.data[0].viaCredit).toBe(s.viaCredit - 1);
    const baskaTemplates = await sys.call('GET', `${api}/templates/700100`, { token: baska });
    const smsOtp = baskaTemplates.body.data.find(
      (t: { channel: string; method: string }) => t.channel === 'SMS' && t.method === 'OTP',
    );
    expect((await smsStart('+905301110014', baska, 700100, smsOtp.templateId)).status).toBe(200);
    const none = await smsStart('+905301110015', baska, 700100, smsOtp.templateId);
    expect(none.status).toBe(400);
    expect(none.body.subSystemErrorInfo.errors[0].code).toBe('H1015');
    expect(
      (await sys.call('GET', `${api}/subscription/700100`, { token: baska })).body.data[0].viaCredit,
    ).toBe(0);
    expect((await sys.call('GET', `${api}/subscription/700100`, { token: ornek })).body.errorCode).toBe(
      'ERR-SYS-0005',
    );
  });

  it('an operator reads the ViA PASS package and gives credit back; a start then passes and spends it', async () => {
    const ops = (await sys.login('ops', 'change-me-3')).access_token;
    const path = '/operator/sps/700100/subscription';
    const read = await sys.call('GET', path, { token: ops });
    expect(read.status, read.text).toBe(200);
    const sub = read.body.subscription;
    expect(sub.viaPassSubscriptionPackage).toMatchObject({
      viaSubscriptionPackageName: 'VIA-PASS-25',
      viaCredit: 0,
      status: 'ACTIVE',
    });
    // Sent back as read, with five credits: the ViA package and the rest stay as they were.
    const { usedConsentLimit: _used, ...wire } = sub;
    const changed = await sys.call('PUT', path, {
      token: ops,
      body: {
        ...wire,
        viaPassSubscriptionPackage: { ...sub.viaPassSubscriptionPackage, viaCredit: 5 },
        reason: 'ViA PASS kontör yüklemesi',
        version: read.body.version,
      },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.subscription.viaPassSubscriptionPackage.viaCredit).toBe(5);
    expect(changed.body.subscription.viaSubscriptionPackage).toEqual(sub.viaSubscriptionPackage);
    const history = await sys.call('GET', `${path}/history`, { token: ops });
    expect(JSON.stringify(history.body)).toContain('viaPass');
    const baskaTemplates = await sys.call('GET', `${api}/templates/700100`, { token: baska });
    const smsOtp = baskaTemplates.body.data.find(
      (t: { channel: string; method: string }) => t.channel === 'SMS' && t.method === 'OTP',
    );
    expect((await smsStart('+905301110016', baska, 700100, smsOtp.templateId)).status).toBe(200);
    expect(
      (await sys.call('GET', `${api}/subscription/700100`, { token: baska })).body.data[0].viaCredit,
    ).toBe(4);
  });
});
