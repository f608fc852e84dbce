import { DescribeKeyCommand, GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kms, s3 } from '../../functions/adapters/aws.js';
import { advanceClock } from '../../functions/adapters/clock.js';
import { env } from '../../functions/adapters/env.js';
import { tcknFrom, vknFrom } from '../../functions/domain/identity-numbers.js';
import { providerKeyAliases } from '../../functions/specs/resources.js';
import { startTestSystem, type TestSystem } from './harness.js';

let sys: TestSystem;
let ops: string;
let hs: string;

beforeAll(async () => {
  process.env.IYS_APPLICATIONS_PER_HOUR = '6';
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  ops = (await sys.login('ops', 'change-me-3')).access_token;
  hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
});
afterAll(async () => sys?.stop());

const vkn = vknFrom('472390183');
const legal = (over: Record<string, unknown> = {}) => ({
  type: 'LEGAL',
  title: 'Yeni Ticaret A.Ş.',
  vkn,
  mersis: `0${vkn}00015`,
  invoiceAddress: 'Atatürk Cad. No:1 Çankaya/Ankara',
  signatory: {
    tckn: tcknFrom('283749102'),
    name: 'Ayşe',
    surname: 'Yılmaz',
    birthDate: '1980-04-23',
    mobile: '+905321112233',
    email: 'ayse.yilmaz@example.com',
  },
  brands: [{ name: 'Yeni Çocuk', trademarkNo: '2019/12345' }],
  ...over,
});
const codesOf = (r: { body: { errors?: { code: string; location?: unknown[] }[] } }) =>
  (r.body.errors ?? []).map((e) => `${e.code}@${(e.location ?? []).join('.')}`);

type Upload = {
  kind: string;
  required: boolean;
  url: string;
  fields: Record<string, string>;
  maxBytes: number;
};

async function upload(u: Upload, bytes: Uint8Array, contentType = 'application/pdf'): Promise<number> {
  const form = new FormData();
  for (const [k, v] of Object.entries(u.fields)) form.append(k, k === 'Content-Type' ? contentType : v);
  form.append('file', new Blob([bytes], { type: contentType }), `${u.kind}.pdf`);
  const r = await fetch(u.url, { method: 'POST', body: form });
  return r.status;
}
const pdf = new TextEncoder().encode('%PDF-1.4\n% test document\n%%EOF\n');

async function outbox(): Promise<{ channel: string; to: string; text: string }[]> {
  return (await sys.call('GET', '/local/outbox')).body;
}

describe('application → review → approval → log in → first consent', () => {
  let applicationId = '';
  let uploads: Upload[] = [];

  it('takes an application and answers presigned PDF upload targets per document', async () => {
    const r = await sys.call('POST', '/applications', { body: legal() });
    expect(r.status, r.text).toBe(201);
    applicationId = r.body.applicationId;
    uploads = r.body.documentUploads;
    expect(uploads.map((u) => [u.kind, u.required])).toEqual([
      ['TRADE_REGISTRY_GAZETTE', true],
      ['SIGNATURE_CIRCULAR', true],
      ['SERVICE_CONTRACT', true],
      ['TRADEMARK_CERTIFICATE_1', false],
    ]);
    for (const u of uploads) {
      expect(u.fields.key).toBe(`applications/${applicationId}/${u.kind}.pdf`);
      expect(u.fields['Content-Type']).toBe('application/pdf');
      // The POST policy fixes the type and the size range, so S3 refuses anything else.
      const policy = JSON.parse(Buffer.from(u.fields.Policy!, 'base64').toString('utf8'));
      expect(policy.conditions).toContainEqual(['content-length-range', 1, 10 * 1024 * 1024]);
      expect(policy.conditions).toContainEqual(['eq', '$Content-Type', 'application/pdf']);
    }
  });

  it('never answers the application to anyone but an operator', async () => {
    expect((await sys.call('GET', '/applications')).status).toBe(401);
    const asHs = await sys.call('GET', '/applications', { token: hs });
    expect(codesOf(asHs)).toEqual(['H363@']);
    const list = await sys.call('GET', '/applications?status=PENDING', { token: ops });
    expect(list.status).toBe(200);
    expect(list.body.find((a: { applicationId: string }) => a.applicationId === applicationId)).toMatchObject(
      {
        status: 'PENDING',
        type: 'LEGAL',
        title: 'Yeni Ticaret A.Ş.',
      },
    );
  });

  it('refuses approval while a required document is missing, and says which', async () => {
    const gazette = uploads.find((u) => u.kind === 'TRADE_REGISTRY_GAZETTE')!;
    expect(await upload(gazette, pdf)).toBeLessThan(300);
    const r = await sys.call('POST', `/applications/${applicationId}/approve`, { token: ops });
    expect(r.status).toBe(422);
    expect(codesOf(r)).toEqual(['X025@documents.SIGNATURE_CIRCULAR', 'X025@documents.SERVICE_CONTRACT']);
    expect(r.body.errors[0].message).toBe('Başvuru belgesi eksik: SIGNATURE_CIRCULAR.');
    const detail = await sys.call('GET', `/applications/${applicationId}`, { token: ops });
    expect(
      detail.body.documents.map((d: { kind: string; uploaded: boolean }) => [d.kind, d.uploaded]),
    ).toEqual([
      ['TRADE_REGISTRY_GAZETTE', true],
      ['SIGNATURE_CIRCULAR', false],
      ['SERVICE_CONTRACT', false],
      ['TRADEMARK_CERTIFICATE_1', false],
    ]);
    expect(detail.body.application.signatory.tckn).toBe(legal().signatory.tckn);
  });

  it('refuses a stored document of the wrong type (checked again at review)', async () => {
    await s3().send(
      new PutObjectCommand({
        Bucket: env.uploadsBucket(),
        Key: `applications/${applicationId}/SIGNATURE_CIRCULAR.pdf`,
        Body: 'not a pdf',
        ContentType: 'text/plain',
      }),
    );
    await upload(uploads.find((u) => u.kind === 'SERVICE_CONTRACT')!, pdf);
    const r = await sys.call('POST', `/applications/${applicationId}/approve`, { token: ops });
    expect(codesOf(r)).toEqual(['X031@documents.SIGNATURE_CIRCULAR']);
  });

  it('approves: provider with its own KMS keys, master and sub-brand, users, and a notice to the applicant', async () => {
    await upload(uploads.find((u) => u.kind === 'SIGNATURE_CIRCULAR')!, pdf);
    const r = await sys.call('POST', `/applications/${applicationId}/approve`, { token: ops });
    expect(r.status, r.text).toBe(200);
    const { iysCode, brandCodes } = r.body as { iysCode: number; brandCodes: number[] };
    expect(r.body.brandCode).toBe(iysCode);
    expect(brandCodes).toHaveLength(2);

    const again = await sys.call('POST', `/applications/${applicationId}/approve`, { token: ops });
    expect(codesOf(again)).toEqual(['X024@status']);

    const dataKey = await kms().send(new DescribeKeyCommand({ KeyId: providerKeyAliases.data(iysCode) }));
    expect(dataKey.KeyMetadata?.KeyUsage).toBe('ENCRYPT_DECRYPT');
    const signing = await kms().send(new DescribeKeyCommand({ KeyId: providerKeyAliases.signing(iysCode) }));
    expect(signing.KeyMetadata?.KeySpec).toBe('ECC_NIST_P256');
    expect(dataKey.KeyMetadata?.KeyId).not.toBe(signing.KeyMetadata?.KeyId);
    await kms().send(new GetKeyPolicyCommand({ KeyId: dataKey.KeyMetadata!.KeyId!, PolicyName: 'default' }));

    const messages = await outbox();
    const mail = messages.find((m) => m.channel === 'EPOSTA' && m.to === 'ayse.yilmaz@example.com')!;
    expect(mail.text).toContain(`İYS numaranız: ${iysCode}`);
    expect(mail.text).toContain(`sp${iysCode}-api`);
    const sms = messages.find((m) => m.channel === 'SMS' && m.to === '+905321112233')!;
    const password = new RegExp(`sp${iysCode}-api (\\S+)\\.`).exec(sms.text)![1]!;

    // Log in with the first API user, change the password, log in again and add a consent.
    const first = await sys.login(`sp${iysCode}-api`, password);
    const rot = await sys.call('POST', `/sps/${iysCode}/users/sp${iysCode}-api/password`, {
      token: first.access_token,
      body: { password: 'yeni-sifre-2026' },
    });
    expect(rot.status, rot.text).toBe(200);
    // The password change ended the refresh tokens issued under the old password.
    const stale = await sys.call('POST', '/oauth2/token', {
      body: { grant_type: 'refresh_token', refresh_token: first.refresh_token },
    });
    expect(stale.body.error).toBe('invalid_grant');
    const fresh = (await sys.login(`sp${iysCode}-api`, 'yeni-sifre-2026')).access_token;
    const brands = await sys.call('GET', `/sps/${iysCode}/brands`, { token: fresh });
    expect(brands.body.map((b: { name: string; master: boolean }) => [b.name, b.master])).toEqual([
      ['Yeni Ticaret A.Ş.', true],
      ['Yeni Çocuk', false],
    ]);
    const add = await sys.call('POST', `/sps/${iysCode}/brands/${iysCode}/consents`, {
      token: fresh,
      body: {
        recipient: '+905551234567',
        type: 'MESAJ',
        source: 'HS_WEB',
        status: 'ONAY',
        consentDate: '2026-11-25 09:00:00',
        recipientType: 'BIREYSEL',
      },
    });
    expect(add.status, add.text).toBe(200);
    // The new provider's data is not the seeded provider's to see.
    const peek = await sys.call('GET', `/sps/${iysCode}/brands`, { token: hs });
    expect(codesOf(peek)).toEqual(['H353@iysCode']);
    await sys.drain(); // addresses are counted by the Consents stream
    const sub = await sys.call('GET', `/sps/${iysCode}/subscription`, { token: fresh });
    expect(sub.body).toMatchObject({ status: 'ACTIVE', usedConsentLimit: 1 });
  });

  it('a provider adds a sub-brand (≤ 3 short names) and users, disables one, which can then not log in', async () => {
    const b = await sys.call('POST', '/sps/700001/brands', {
      token: hs,
      body: { name: 'Örnek Spor', trademarkNo: '2021/54321', shortNames: ['ORNEKSPOR', 'OSPOR'] },
    });
    expect(b.status, b.text).toBe(201);
    const brands = await sys.call('GET', '/sps/700001/brands', { token: hs });
    expect(brands.body.map((x: { brandCode: number }) => x.brandCode)).toContain(b.body.brandCode);
    const tooMany = await sys.call('POST', '/sps/700001/brands', {
      token: hs,
      body: { name: 'Örnek Ev', shortNames: ['A1', 'B2', 'C3', 'D4'] },
    });
    expect(codesOf(tooMany)).toEqual(['X028@shortNames']);
    const dup = await sys.call('POST', '/sps/700001/brands', { token: hs, body: { name: 'örnek spor' } });
    expect(codesOf(dup)).toEqual(['X029@name']);

    const u = await sys.call('POST', '/sps/700001/users', {
      token: hs,
      body: { username: 'ornek-api-2', password: 'ikinci-sifre-1' },
    });
    expect(u.status, u.text).toBe(201);
    expect(
      codesOf(
        await sys.call('POST', '/sps/700001/users', {
          token: hs,
          body: { username: 'ornek-api-2', password: 'ikinci-sifre-1' },
        }),
      ),
    ).toEqual(['X027@username']);
    expect(
      codesOf(
        await sys.call('POST', '/sps/700001/users', {
          token: hs,
          body: { username: 'ornek-api-3', password: 'short' },
        }),
      ),
    ).toEqual(['X030@password']);
    await sys.login('ornek-api-2', 'ikinci-sifre-1');
    const off = await sys.call('PATCH', '/sps/700001/users/ornek-api-2', {
      token: hs,
      body: { disabled: true },
    });
    expect(off.status).toBe(200);
    const denied = await sys.call('POST', '/oauth2/token', {
      body: { grant_type: 'password', username: 'ornek-api-2', password: 'ikinci-sifre-1' },
    });
    expect(denied.status).toBe(400);
    // Another provider's user is "not found" here.
    const foreign = await sys.call('PATCH', '/sps/700001/users/baska-api', {
      token: hs,
      body: { disabled: true },
    });
    expect(codesOf(foreign)).toEqual(['H031@username']);
    const listed = await sys.call('GET', '/sps/700001/users', { token: hs });
    expect(listed.body).toContainEqual({ username: 'ornek-api-2', disabled: true, owner: false });
  });
});

describe('application checks and rejection', () => {
  it('checks TCKN, VKN and MERSIS by their checksums and names the field', async () => {
    const bad = legal({
      vkn: '1234567891',
      mersis: '0123456789100015',
      signatory: { ...legal().signatory, tckn: '10000000147' },
    });
    const r = await sys.call('POST', '/applications', { body: bad });
    expect(r.status).toBe(422);
    expect(codesOf(r).sort()).toEqual(['X021@mersis', 'X032@signatory.tckn', 'X033@vkn']);
    const mismatch = await sys.call('POST', '/applications', {
      body: legal({ mersis: `0${vknFrom('111111111')}00015` }),
    });
    expect(codesOf(mismatch)).toEqual(['X022@mersis']);
    const real = await sys.call('POST', '/applications', {
      body: legal({ type: 'REAL', vkn: undefined, mersis: undefined, tckn: '10000000146', brands: [] }),
    });
    expect(real.status, real.text).toBe(201);
    expect(real.body.documentUploads.map((u: Upload) => u.kind)).toEqual([
      'SIGNATURE_DECLARATION',
      'SERVICE_CONTRACT',
    ]);
    const realWithVkn = await sys.call('POST', '/applications', {
      body: legal({ type: 'REAL', tckn: '10000000146' }),
    });
    expect(codesOf(realWithVkn).sort()).toEqual(['X008@mersis', 'X008@vkn']);
  });

  it('rejects with a reason, removes the documents and tells the applicant', async () => {
    const r = await sys.call('POST', '/applications', {
      body: legal({ signatory: { ...legal().signatory, email: 'red@example.com' } }),
    });
    const id = r.body.applicationId;
    await upload(r.body.documentUploads[0], pdf);
    expect(codesOf(await sys.call('POST', `/applications/${id}/reject`, { token: ops, body: {} }))).toEqual([
      'X008@reason',
    ]);
    const rej = await sys.call('POST', `/applications/${id}/reject`, {
      token: ops,
      body: { reason: 'İmza sirküleri okunaksız.' },
    });
    expect(rej.status).toBe(200);
    const detail = await sys.call('GET', `/applications/${id}`, { token: ops });
    expect(detail.body).toMatchObject({ status: 'REJECTED', reason: 'İmza sirküleri okunaksız.' });
    expect(detail.body.documents.every((d: { uploaded: boolean }) => !d.uploaded)).toBe(true);
    const mail = (await outbox()).find((m) => m.to === 'red@example.com')!;
    expect(mail.text).toContain('Gerekçe: İmza sirküleri okunaksız.');
    expect(codesOf(await sys.call('POST', `/applications/${id}/approve`, { token: ops }))).toEqual([
      'X024@status',
    ]);
    expect(codesOf(await sys.call('POST', '/applications/nope/approve', { token: ops }))).toEqual([
      'X023@applicationId',
    ]);
  });

  it('limits applications per address and hour (X026)', async () => {
    advanceClock(3_600_000);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await sys.call('POST', '/applications', { body: legal() })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429]);
  });
});
