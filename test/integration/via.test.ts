import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock } from '../../functions/adapters/clock.js';
import { forgetDirectory } from '../../functions/adapters/directory.js';
import { getProvider } from '../../functions/adapters/registry-store.js';
import { setSubscription } from '../../functions/adapters/subscription-store.js';
import { startTestSystem, type TestSystem } from './harness.js';

/**
 * ViA core over HTTP (issue 14 parts 1–3, 5, 6): every verification type end to end through the outbox, the
 * rules (3 minutes, 3 tries, 24 h, once, credits, limits), another provider's requests, KVK data, and the
 * evidence file checked with the openssl CLI.
 */
let sys: TestSystem;
let ornek: string;
let baska: string;
const via = '/via/sps/700001';
const forms: Record<string, number> = {};

interface Sent {
  to: string;
  text: string;
  channel: string;
}
async function outbox(to: string): Promise<Sent[]> {
  const r = await sys.call('GET', '/local/outbox');
  return (r.body as Sent[]).filter((m) => m.to === to);
}
/** The codes of the newest ViA OTP message to an address: {ETK?, KVK?}. */
async function codes(to: string): Promise<Record<string, string>> {
  const m = (await outbox(to)).find((x) => /kodu: \d{6}/.test(x.text));
  if (!m) throw new Error(`no code sent to ${to}`);
  const out: Record<string, string> = {};
  for (const [, what, code] of m.text.matchAll(/(ticari ileti onayı|KVK onayı) kodu: (\d{6})/g))
    out[what === 'KVK onayı' ? 'KVK' : 'ETK'] = code!;
  return out;
}
async function linkPath(to: string): Promise<string> {
  const m = (await outbox(to)).find((x) => /\/v\//.test(x.text));
  if (!m) throw new Error(`no link sent to ${to}`);
  return new URL(/(https?:\/\/\S+\/v\/\S+)/.exec(m.text)![1]!).pathname;
}
async function credit(token = ornek, iysCode = 700001): Promise<number> {
  const r = await sys.call('GET', `/sps/${iysCode}/subscription`, { token });
  return r.body.viaSubscriptionPackage.viaCredit;
}
async function start(body: Record<string, unknown>, token = ornek, path = via) {
  return sys.call('POST', `${path}/consent`, { token, body });
}
const etk = (types: string[], brandCodes = [700001]) => ({
  title: 'ETK',
  brandCodes,
  types,
  recipientType: 'BIREYSEL',
});
const kvk = {
  title: 'KVK',
  types: ['AYDINLATMA_METNI', 'ACIK_RIZA_METNI'],
  personData: { name: 'Aslı Can', recipientIdNumber: '10000000146', address: 'Çankaya Ankara' },
};
const status = (recipient: string, type: string) =>
  sys.call('POST', '/sps/700001/brands/700001/consents/status', {
    token: ornek,
    body: { recipient, recipientType: 'BIREYSEL', type },
  });

beforeAll(async () => {
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  ornek = (await sys.login('ornek-api', 'change-me-1')).access_token;
  baska = (await sys.login('baska-api', 'change-me-5')).access_token;
  const text =
    'Örnek Ticaret A.Ş. size kampanya ve duyurularını iletmek için onayınızı istiyor.\n\nAyrıntılar…';
  for (const [name, kind, published] of [
    ['OTP', 'OTP', true],
    ['SHORTURL', 'SHORTURL', true],
    ['APPROVALURL', 'APPROVALURL', true],
    ['DRAFT', 'OTP', false],
  ] as const) {
    const r = await sys.call('POST', `${via}/forms`, {
      token: ornek,
      body: { name, kind, titles: ['ETK', 'KVK'], text, published },
    });
    expect(r.status).toBe(200);
    forms[name] = r.body.formId;
  }
});
afterAll(async () => sys?.stop());

describe('ViA forms (ours)', () => {
  it('lists the provider’s forms with their ids, kinds and text digests; another provider sees its own', async () => {
    const r = await sys.call('GET', `${via}/forms`, { token: ornek });
    expect(r.status).toBe(200);
    // The demo seed's three published forms (one of each kind) come first, then this file's.
    expect(r.body.list.map((f: { name: string }) => f.name)).toEqual([
      'Demo OTP',
      'Demo SHORTURL',
      'Demo APPROVALURL',
      'OTP',
      'SHORTURL',
      'APPROVALURL',
      'DRAFT',
    ]);
    expect(r.body.list[3]).toMatchObject({ kind: 'OTP', titles: ['ETK', 'KVK'], published: true });
    expect(r.body.list[3].textSha256).toMatch(/^[0-9a-f]{64}$/);
    const other = await sys.call('GET', '/via/sps/700100/forms', { token: baska });
    expect(other.body.list.map((f: { kind: string }) => f.kind)).toEqual(['OTP', 'SHORTURL', 'APPROVALURL']);
    expect((await sys.call('GET', `${via}/forms`, { token: baska })).status).toBe(403);
    const bad = await sys.call('POST', `${via}/forms`, {
      token: ornek,
      body: { name: 'x', kind: 'PAPER', titles: ['ETK'], text: 't' },
    });
    expect(bad.status).toBe(422);
  });
});

describe('SMS_OTP', () => {
  const phone = '+905321110001';
  let requestId: string;
  it('starts: the code goes to the outbox, the request waits (CONSENT_REQUESTED/PENDING)', async () => {
    // An ONAY already on file (HS_WEB) is re-recorded with ViA's source and date.
    await sys.call('POST', '/sps/700001/brands/700001/consents', {
      token: ornek,
      body: {
        recipient: phone,
        type: 'MESAJ',
        source: 'HS_WEB',
        status: 'ONAY',
        consentDate: '2026-11-24 09:00:00',
        recipientType: 'BIREYSEL',
      },
    });
    const r = await start({
      formId: String(forms.OTP),
      recipient: phone,
      verificationType: 'SMS_OTP',
      consentTypes: [etk(['MESAJ', 'ARAMA'])],
    });
    expect(r.status).toBe(200);
    expect(r.body.code).toBe('OK');
    requestId = r.body.message.requestId;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const q = await sys.call('GET', `${via}/consent/request/${requestId}`, { token: ornek });
    expect(q.body.message.lastStatus).toEqual({ stage: 'CONSENT_REQUESTED', status: 'PENDING' });
    expect(q.body.message).toMatchObject({
      consentSource: 'SMS_OTP',
      source: 'IYS_KISAMESAJ',
      recipient: phone,
    });
    expect((await codes(phone)).ETK).toMatch(/^\d{6}$/);
  });

  it('a wrong code is refused (H1052), the right one records both channels and spends one credit', async () => {
    const before = await credit();
    const code = (await codes(phone)).ETK!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const w = await sys.call('POST', `${via}/confirmation`, {
      token: ornek,
      body: { requestId, verificationType: 'SMS_OTP', consentTypes: [{ title: 'ETK', otpCode: wrong }] },
    });
    expect(w.status).toBe(400);
    expect(w.body.errors[0].code).toBe('H1052');
    expect(w.text).not.toContain(code);
    advanceClock(5000);
    const ok = await sys.call('POST', `${via}/confirmation`, {
      token: ornek,
      body: { requestId, verificationType: 'SMS_OTP', consentTypes: [{ title: 'ETK', otpCode: code }] },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.code).toBe('OK');
    expect(ok.body.message.map((m: { type: string }) => m.type).sort()).toEqual(['ARAMA', 'MESAJ']);
    for (const m of ok.body.message) {
      expect(m.brandCode).toBe('700001');
      expect(m.transactionId).toMatch(/^[0-9a-f]{64}$/);
      expect(m.creationDate).toMatch(/^2026-11-25 10:0\d:\d\d$/);
    }
    expect(await credit()).toBe(before - 1);
    for (const type of ['MESAJ', 'ARAMA']) {
      const s = await status(phone, type);
      expect(s.body).toMatchObject({ status: 'ONAY', source: 'IYS_KISAMESAJ' });
      // Re-recorded: the date is the recipient's answer, no longer the HS_WEB consent's.
      expect(s.body.consentDate).toMatch(/^2026-11-25 10:0\d:\d\d$/);
    }
    const q = await sys.call('GET', `${via}/consent/request/${requestId}`, { token: ornek });
    expect(q.body.message.lastStatus).toEqual({ stage: 'COMPLETED', status: 'SUCCESS' });
    expect(q.body.message.requestDetails).toHaveLength(2);
    expect(q.body.message.requestDetails[0]).toMatchObject({
      consentType: 'ETK',
      operationStatusMessage: 'Onay verildi',
    });
    // The recipient is told.
    expect((await outbox(phone))[0]!.text).toContain('onay İYS');
    const again = await sys.call('POST', `${via}/confirmation`, {
      token: ornek,
      body: { requestId, verificationType: 'SMS_OTP', consentTypes: [{ title: 'ETK', otpCode: code }] },
    });
    expect(again.body.errors[0].code).toBe('H1032');
  });

  it('another provider never finds the request (H1030), nor its file (H1072)', async () => {
    for (const path of [
      `/via/sps/700100/consent/request/${requestId}`,
      `/via/sps/700100/consent/${requestId}`,
    ]) {
      const r = await sys.call('GET', path, { token: baska });
      expect(r.status).toBe(400);
      expect(r.body.errors[0].code).toBe('H1030');
    }
    const f = await sys.call('GET', `/via/sps/700100/via/clarification/${requestId}/file`, { token: baska });
    expect(f.body.errors[0].code).toBe('H1072');
    const c = await sys.call('POST', '/via/sps/700100/confirmation', {
      token: baska,
      body: { requestId, verificationType: 'SMS_OTP', consentTypes: [{ title: 'ETK', otpCode: '000000' }] },
    });
    expect(c.body.errors[0].code).toBe('H1030');
    // And cannot even ask under the first provider's code.
    expect((await sys.call('GET', `${via}/consent/request/${requestId}`, { token: baska })).status).toBe(403);
  });

  it('an OTP expires after 3 minutes on the local clock (H1051, OTP_CODE_EXPIRED)', async () => {
    const p = '+905321110002';
    const r = await start({
      formId: forms.OTP,
      recipient: p,
      verificationType: 'SMS_OTP',
      consentTypes: [etk(['MESAJ'])],
    });
    const id = r.body.message.requestId;
    const code = (await codes(p)).ETK!;
    advanceClock(3 * 60_000 + 1000);
    const late = await sys.call('POST', `${via}/confirmation`, {
      token: ornek,
      body: { requestId: id, verificationType: 'SMS_OTP', consentTypes: [{ title: 'ETK', otpCode: code }] },
    });
    expect(late.status).toBe(400);
    expect(late.body.errors[0].code).toBe('H1051');
    const q = await sys.call('GET', `${via}/consent/request/${id}`, { token: ornek });
    expect(q.body.message.lastStatus).toEqual({ stage: 'COMPLETED', status: 'OTP_CODE_EXPIRED' });
    expect((await status(p, 'MESAJ')).status).toBe(404);
  });

  it('the fourth try is refused even with the right code (H1050)', async () => {
    const p = '+905321110003';
    const r = await start({
      formId: forms.OTP,
      recipient: p,
      verificationType: 'SMS_OTP',
      consentTypes: [etk(['MESAJ'])],
    });
    const id = r.body.message.requestId;
    const code = (await codes(p)).ETK!;
    const wrong = code === '111111' ? '222222' : '111111';
    const answer = (otpCode: string) =>
      sys.call('POST', `${via}/confirmation`, {
        token: ornek,
        body: { requestId: id, verificationType: 'SMS_OTP', consentTypes: [{ title: 'ETK', otpCode }] },
      });
    for (let i = 0; i < 3; i++) expect((await answer(wrong)).body.errors[0].code).toBe('H1052');
    const q = await sys.call('GET', `${via}/consent/request/${id}`, { token: ornek });
    expect(q.body.message.lastStatus).toEqual({ stage: 'COMPLETED', status: 'OTP_CODE_INCORRECT' });
    expect((await answer(code)).body.errors[0].code).toBe('H1050');
    expect((await status(p, 'MESAJ')).status).toBe(404);
  });

  it('a second start to the same recipient right away is refused with 429 X071 and Retry-After', async () => {
    const p = '+905321110004';
    const body = {
      formId: forms.OTP,
      recipient: p,
      verificationType: 'SMS_OTP',
      consentTypes: [etk(['MESAJ'])],
    };
    expect((await start(body)).status).toBe(200);
    const again = await start(body);
    expect(again.status).toBe(429);
    expect(again.body.errors[0].code).toBe('X071');
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('EPOSTA_OTP with ETK and KVK', () => {
  const mail = 'asli.can@example.com';
  let requestId: string;
  it('two codes in one e-mail; both confirmed record EPOSTA and the KVK texts, two credits', async () => {
    const before = await credit();
    const r = await start({
      formId: forms.OTP,
      recipient: 'Asli.Can@Example.com',
      verificationType: 'EPOSTA_OTP',
      consentTypes: [etk(['EPOSTA']), kvk],
    });
    expect(r.status).toBe(200);
    requestId = r.body.message.requestId;
    const c = await codes(mail);
    expect(Object.keys(c).sort()).toEqual(['ETK', 'KVK']);
    const ok = await sys.call('POST', `${via}/confirmation`, {
      token: ornek,
      body: {
        requestId,
        verificationType: 'EPOSTA_OTP',
        consentTypes: [
          { title: 'KVK', otpCode: c.KVK },
          { title: 'ETK', otpCode: c.ETK },
        ],
      },
    });
    expect(ok.status).toBe(200);
    const types = ok.body.message.map((m: { type: string }) => m.type).sort();
    expect(types).toEqual(['ACIK_RIZA_METNI', 'AYDINLATMA_METNI', 'EPOSTA']);
    expect(
      ok.body.message.find((m: { type: string }) => m.type === 'AYDINLATMA_METNI').brandCode,
    ).toBeUndefined();
    expect(await credit()).toBe(before - 2);
    expect((await status(mail, 'EPOSTA')).body).toMatchObject({ status: 'ONAY', source: 'IYS_EPOSTA' });
  });

  it('getKVKConsent and searchKVKConsent show the KVK consent and person data to this provider only', async () => {
    const k = await sys.call('GET', `${via}/consent/${requestId}`, { token: ornek });
    expect(k.status).toBe(200);
    expect(k.body.message).toHaveLength(2);
    expect(k.body.message[0]).toMatchObject({
      requestId,
      status: 'ONAY',
      source: 'IYS_EPOSTA',
      recipient: mail,
      recipientName: 'Aslı Can',
      recipientIdNumber: '10000000146',
    });
    const s = await sys.call('POST', `${via}/consent/status`, {
      token: ornek,
      body: { type: 'ACIK_RIZA_METNI', recipient: mail },
    });
    expect(s.body).toEqual({ message: [requestId], code: 'OK' });
    const none = await sys.call('POST', `${via}/consent/status`, {
      token: ornek,
      body: { type: 'YURTDISI_AKTARIM', recipient: mail },
    });
    expect(none.body.message).toEqual([]);
    // Another provider: nothing found, and no person data in any answer.
    const other = [
      await sys.call('GET', `/via/sps/700100/consent/${requestId}`, { token: baska }),
      await sys.call('GET', `/via/sps/700100/consent/request/${requestId}`, { token: baska }),
      await sys.call('POST', '/via/sps/700100/consent/status', {
        token: baska,
        body: { type: 'ACIK_RIZA_METNI', recipient: mail },
      }),
    ];
    expect(other[2]!.body.message).toEqual([]);
    for (const o of other) {
      expect(o.text).not.toContain('Aslı');
      expect(o.text).not.toContain('10000000146');
      expect(o.text).not.toContain('Çankaya');
    }
    const q = await sys.call('GET', `${via}/consent/request/${requestId}`, { token: ornek });
    expect(q.body.message).toMatchObject({ recipientName: 'Aslı Can', recipientIdNumber: '10000000146' });
  });

  it('the evidence file verifies with openssl (cms and ts), and one changed byte fails both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'via-evidence-'));
    const f = await fetch(`${sys.url}${via}/via/clarification/${requestId}/file`, {
      headers: { authorization: `Bearer ${ornek}` },
    });
    expect(f.status).toBe(200);
    expect(f.headers.get('content-type')).toBe('application/zip');
    writeFileSync(join(dir, 'file.zip'), Buffer.from(await f.arrayBuffer()));
    execFileSync('unzip', ['-q', 'file.zip'], { cwd: dir });
    const root = await sys.call('GET', '/pki/root.pem');
    writeFileSync(join(dir, 'root.pem'), root.text);
    const base = `via-${requestId}.json`;
    const doc = JSON.parse(readFileSync(join(dir, base), 'utf8'));
    expect(doc).toMatchObject({
      format: 'iys-via-evidence/1',
      requestId,
      iysCode: 700001,
      decision: 'APPROVED',
      verification: {
        verificationType: 'EPOSTA_OTP',
        channel: 'EPOSTA',
        recipient: 'a***@e***.com',
        tries: 1,
      },
      personData: { name: 'Aslı Can' },
    });
    expect(doc.form.text).toContain('onayınızı istiyor');
    expect(doc.form.textSha256).toBe(
      execFileSync('sha256sum', { input: doc.form.text }).toString().split(' ')[0],
    );
    expect(doc.consents.filter((c: { transactionId?: string }) => c.transactionId)).toHaveLength(3);
    expect(JSON.stringify(doc)).not.toContain('asli.can@example.com');
    const cms = (data: string) =>
      spawnSync(
        'openssl',
        [
          'cms',
          '-verify',
          '-binary',
          '-inform',
          'DER',
          '-in',
          `${base}.p7s`,
          '-content',
          data,
          '-CAfile',
          'root.pem',
          '-purpose',
          'any',
          '-out',
          '/dev/null',
        ],
        { cwd: dir },
      ).status;
    const ts = (data: string) =>
      spawnSync('openssl', ['ts', '-verify', '-data', data, '-in', `${base}.tsr`, '-CAfile', 'root.pem'], {
        cwd: dir,
      }).status;
    expect(cms(base)).toBe(0);
    expect(ts(base)).toBe(0);
    const bytes = readFileSync(join(dir, base));
    bytes[40] = bytes[40]! ^ 0x01;
    writeFileSync(join(dir, 'changed.json'), bytes);
    expect(cms('changed.json')).not.toBe(0);
    expect(ts('changed.json')).not.toBe(0);
    // Before completion there is no file.
    const p = '+905321110005';
    const open = await start({
      formId: forms.OTP,
      recipient: p,
      verificationType: 'SMS_OTP',
      consentTypes: [etk(['MESAJ'])],
    });
    const nf = await sys.call('GET', `${via}/via/clarification/${open.body.message.requestId}/file`, {
      token: ornek,
    });
    expect(nf.status).toBe(400);
    expect(nf.body.errors[0].code).toBe('H1072');
  });
});

describe('SMS_SHORTURL, EPOSTA_SHORTURL, EPOSTA_APPROVALURL', () => {
  it('the short link opens our page (strict CSP); the recipient chooses MESAJ; the link works once', async () => {
    const p = '+905321110010';
    const before = await credit();
    const r = await start({
      formId: forms.SHORTURL,
      recipient: p,
      verificationType: 'SMS_SHORTURL',
      consentTypes: [etk(['ARAMA', 'MESAJ'], [700001, 700002])],
    });
    expect(r.status).toBe(200);
    const id = r.body.message.requestId;
    const path = await linkPath(p);
    const page = await sys.call('GET', path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.text).toContain('onayınızı istiyor');
    expect(page.text).toContain('<label for="kanal-MESAJ">');
    expect(page.text).toContain('Örnek Çocuk');
    expect(page.text).not.toContain(p);
    const q = await sys.call('GET', `${via}/consent/request/${id}`, { token: ornek });
    expect(q.body.message.lastStatus).toEqual({ stage: 'REQUEST_OPENED', status: 'PENDING' });
    // An OTP confirmation is not for link requests.
    const otp = await sys.call('POST', `${via}/confirmation`, {
      token: ornek,
      body: {
        requestId: id,
        verificationType: 'SMS_SHORTURL',
        consentTypes: [{ title: 'ETK', otpCode: '123456' }],
      },
    });
    expect(otp.body.errors[0].code).toBe('H1056');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const nothing = await sys.call('POST', path, { raw: 'decision=approve', headers: form });
    expect(nothing.status).toBe(422);
    expect(nothing.text).toContain('role="alert"');
    const done = await sys.call('POST', path, { raw: 'MESAJ=on&decision=approve', headers: form });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Onayınız kaydedildi');
    expect(await credit()).toBe(before - 1);
    expect((await status(p, 'MESAJ')).body).toMatchObject({ status: 'ONAY', source: 'IYS_KISAMESAJ' });
    expect((await status(p, 'ARAMA')).status).toBe(404);
    const c = await sys.call('POST', '/sps/700001/brands/700002/consents/status', {
      token: ornek,
      body: { recipient: p, recipientType: 'BIREYSEL', type: 'MESAJ' },
    });
    expect(c.body.status).toBe('ONAY');
    const s = await sys.call('GET', `${via}/consent/request/${id}`, { token: ornek });
    expect(s.body.message.lastStatus).toEqual({ stage: 'COMPLETED', status: 'SUCCESS' });
    const arama = s.body.message.requestDetails.find(
      (d: { consentTypeChoice: string }) => d.consentTypeChoice === 'ARAMA',
    );
    expect(arama.operationStatusMessage).toBe('Onay verilmedi');
    // Reuse of the link.
    expect((await sys.call('POST', path, { raw: 'MESAJ=on&decision=approve', headers: form })).status).toBe(
      410,
    );
    expect((await sys.call('GET', path)).status).toBe(410);
    expect((await sys.call('GET', `${path.slice(0, -4)}AAAA`)).status).toBe(410);
  });

  it('RET becomes ONAY through an approval URL (IYS_EPOSTA); a decline spends a credit and records nothing', async () => {
    const m = 'ret.sonra.onay@example.com';
    for (const [st, date] of [
      ['ONAY', '2026-11-20 09:00:00'],
      ['RET', '2026-11-21 09:00:00'],
    ])
      await sys.call('POST', '/sps/700001/brands/700001/consents', {
        token: ornek,
        body: {
          recipient: m,
          type: 'EPOSTA',
          source: 'HS_WEB',
          status: st,
          consentDate: date,
          recipientType: 'BIREYSEL',
        },
      });
    const r = await start({
      formId: forms.APPROVALURL,
      recipient: m,
      verificationType: 'EPOSTA_APPROVALURL',
      consentTypes: [etk(['EPOSTA'])],
    });
    expect(r.status).toBe(200);
    const path = await linkPath(m);
    expect((await sys.call('GET', path)).status).toBe(200);
    const done = await sys.call('POST', path, {
      raw: 'decision=approve',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.status).toBe(200);
    expect((await status(m, 'EPOSTA')).body).toMatchObject({ status: 'ONAY', source: 'IYS_EPOSTA' });

    const d = 'hayir@example.com';
    const before = await credit();
    await start({
      formId: forms.SHORTURL,
      recipient: d,
      verificationType: 'EPOSTA_SHORTURL',
      consentTypes: [etk(['EPOSTA'])],
    });
    const declined = await sys.call('POST', await linkPath(d), {
      raw: 'decision=reject',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(declined.status).toBe(200);
    expect(declined.text).toContain('onay vermediniz');
    expect(await credit()).toBe(before - 1);
    expect((await status(d, 'EPOSTA')).status).toBe(404);
  });

  it('a link lives 24 hours (LINK_CLICK_TIMEOUT)', async () => {
    const m = 'gec.kalan@example.com';
    const r = await start({
      formId: forms.SHORTURL,
      recipient: m,
      verificationType: 'EPOSTA_SHORTURL',
      consentTypes: [etk(['EPOSTA'])],
    });
    const path = await linkPath(m);
    advanceClock(24 * 3_600_000 + 1000);
    expect((await sys.call('GET', path)).status).toBe(410);
    // Access tokens do not live a day: sign in again.
    ornek = (await sys.login('ornek-api', 'change-me-1')).access_token;
    baska = (await sys.login('baska-api', 'change-me-5')).access_token;
    const q = await sys.call('GET', `${via}/consent/request/${r.body.message.requestId}`, { token: ornek });
    expect(q.body.message.lastStatus).toEqual({ stage: 'COMPLETED', status: 'LINK_CLICK_TIMEOUT' });
  });
});

describe('refusals', () => {
  const body = (over: Record<string, unknown>) => ({
    formId: forms.OTP,
    recipient: '+905321110020',
    verificationType: 'SMS_OTP',
    consentTypes: [etk(['MESAJ'])],
    ...over,
  });
  it('answers the document’s codes', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ verificationType: 'SMS_APPROVALURL' }, 'H1012'],
      [{ verificationType: undefined }, 'H1057'],
      [{ recipient: '05321110020' }, 'H1026'],
      [{ verificationType: 'EPOSTA_OTP', recipient: 'not-an-address' }, 'H1027'],
      [{ formId: 99999 }, 'H1055'],
      [{ formId: forms.DRAFT }, 'H1000'],
      [{ formId: forms.SHORTURL }, 'H1065'],
      [{ consentTypes: [etk(['MESAJ'], [700100])] }, 'H1014'],
      [{ consentTypes: [{ ...etk(['MESAJ']), title: 'SADAKAT' }] }, 'H1013'],
      [{ consentTypes: [etk(['EPOSTA'])] }, 'H1086'],
      [{ consentTypes: [{ ...etk(['MESAJ']), recipientType: 'KURUM' }] }, 'H1063'],
      [{ consentTypes: [etk(['MESAJ']), etk(['ARAMA'])] }, 'H1060'],
      [{ consentTypes: [] }, 'H1057'],
      [{ extra: 1 }, 'H1025'],
    ];
    for (const [over, code] of cases) {
      const r = await start(body(over));
      expect([r.status, r.body.errors?.[0]?.code]).toEqual([400, code]);
    }
    const empty = await sys.call('POST', `${via}/consent`, {
      token: ornek,
      raw: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.body.errors[0].code).toBe('H1042');
    const c = await sys.call('POST', `${via}/confirmation`, {
      token: ornek,
      body: {
        requestId: 'nope',
        verificationType: 'SMS_PIN',
        consentTypes: [{ title: 'ETK', otpCode: '1' }],
      },
    });
    expect(c.body.errors[0].code).toBe('H1012');
  });

  it('no ViA credit left: H1015, and nothing is spent', async () => {
    const provider = await getProvider(700100);
    await setSubscription(700100, {
      ...provider!.subscription!,
      via: { ...provider!.subscription!.via!, credit: 0 },
    });
    forgetDirectory();
    const f = await sys.call('POST', '/via/sps/700100/forms', {
      token: baska,
      body: { name: 'f', kind: 'OTP', titles: ['ETK'], text: 'Onay metni' },
    });
    const r = await start(
      {
        formId: f.body.formId,
        recipient: '+905321110030',
        verificationType: 'SMS_OTP',
        consentTypes: [etk(['MESAJ'], [700100])],
      },
      baska,
      '/via/sps/700100',
    );
    expect(r.status).toBe(400);
    expect(r.body.errors[0].code).toBe('H1015');
    expect(await credit(baska, 700100)).toBe(0);
  });

  it('the credit runs out between start and confirmation: H1015, nothing recorded; with credit again the same code finishes it', async () => {
    const p = '+905321110031';
    const provider = await getProvider(700100);
    const setCredit = async (n: number) => {
      await setSubscription(700100, {
        ...provider!.subscription!,
        via: { ...provider!.subscription!.via!, credit: n },
      });
      forgetDirectory();
    };
    await setCredit(1);
    const f = await sys.call('POST', '/via/sps/700100/forms', {
      token: baska,
      body: { name: 'f2', kind: 'OTP', titles: ['ETK'], text: 'Onay metni' },
    });
    const r = await start(
      {
        formId: f.body.formId,
        recipient: p,
        verificationType: 'SMS_OTP',
        consentTypes: [etk(['MESAJ'], [700100])],
      },
      baska,
      '/via/sps/700100',
    );
    expect(r.status).toBe(200);
    const requestId = r.body.message.requestId;
    // Another request spends the last credit meanwhile.
    await setCredit(0);
    const code = (await codes(p)).ETK!;
    const confirm = () =>
      sys.call('POST', '/via/sps/700100/confirmation', {
        token: baska,
        body: { requestId, verificationType: 'SMS_OTP', consentTypes: [{ title: 'ETK', otpCode: code }] },
      });
    const refused = await confirm();
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].code).toBe('H1015');
    expect(await credit(baska, 700100)).toBe(0);
    const s = await sys.call('POST', '/sps/700100/brands/700100/consents/status', {
      token: baska,
      body: { recipient: p, recipientType: 'BIREYSEL', type: 'MESAJ' },
    });
    expect(s.status).not.toBe(200);
    const q = await sys.call('GET', `/via/sps/700100/consent/request/${requestId}`, { token: baska });
    expect(q.body.message.lastStatus.stage).not.toBe('COMPLETED');

    await setCredit(1);
    const ok = await confirm();
    expect(ok.status).toBe(200);
    expect(ok.body.message[0]).toMatchObject({ type: 'MESAJ', brandCode: '700100' });
    expect(await credit(baska, 700100)).toBe(0);
  });
});

describe('an integrator starting ViA requests', () => {
  // seed/demo.json: entegrator-api may write MESAJ and EPOSTA of brand 700001 and only read its ARAMA; it has
  // no grant for brand 700002.
  it('needs write on every brand and channel the request asks for (H353 before the body is judged)', async () => {
    const token = (await sys.login('entegrator-api', 'change-me-2')).access_token;
    const ask = (types: string[], brandCodes: number[], recipient: string) =>
      start(
        { formId: forms.OTP, recipient, verificationType: 'SMS_OTP', consentTypes: [etk(types, brandCodes)] },
        token,
      );
    const aramaOnlyRead = await ask(['ARAMA'], [700001], '+905321110040');
    expect(aramaOnlyRead.status).toBe(403);
    expect(aramaOnlyRead.body.errors[0]).toMatchObject({ code: 'H353', value: 'ARAMA' });
    const ungrantedBrand = await ask(['MESAJ'], [700001, 700002], '+905321110041');
    expect(ungrantedBrand.status).toBe(403);
    expect(ungrantedBrand.body.errors[0]).toMatchObject({ code: 'H353', value: 700002 });
    // Nothing was sent for the refused requests.
    expect(await outbox('+905321110040')).toEqual([]);
    expect(await outbox('+905321110041')).toEqual([]);
    const granted = await ask(['MESAJ'], [700001], '+905321110042');
    expect(granted.status, granted.text).toBe(200);
    expect((await outbox('+905321110042')).length).toBe(1);
  });
});
