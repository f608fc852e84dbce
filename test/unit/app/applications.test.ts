import { describe, expect, it } from 'vitest';
import type { ApplicationItem } from '../../../functions/adapters/application-store.js';
import type { OutboxMessage } from '../../../functions/adapters/outbox.js';
import {
  applicationUseCases,
  DOCUMENT_CONTENT_TYPE,
  DOCUMENT_MAX_BYTES,
  documentsFor,
  retention,
} from '../../../functions/app/applications.js';
import type { ApplicationBody } from '../../../functions/schemas/applications.js';
import { fakeClock, fakeCounters, fakeHash } from './identity-fakes.js';
import { onboardingSetup } from './onboarding-fakes.js';
import { refusal } from './refusal.js';

const start = '2026-11-25T10:15:00Z';
const startS = Date.parse(start) / 1000;
const day = 86_400;

const legal: ApplicationBody = {
  type: 'LEGAL',
  title: 'Yeni Ticaret A.Ş.',
  invoiceAddress: 'Atatürk Cad. No:1 Çankaya/Ankara',
  vkn: '1234567890',
  mersis: '0123456789000015',
  signatory: {
    tckn: '10000000146',
    name: 'Ayşe',
    surname: 'Yılmaz',
    birthDate: '1980-04-23',
    mobile: '+905321234567',
    email: 'ayse.yilmaz@example.com',
  },
  brands: [
    { name: 'Yeni Çocuk', trademarkNo: '2019/12345' },
    { name: 'Yeni Ev', trademarkNo: '2020/54321' },
  ],
};
const real: ApplicationBody = {
  type: 'REAL',
  title: 'Ayşe Yılmaz',
  invoiceAddress: 'Kızılay/Ankara',
  tckn: '10000000146',
  signatory: legal.signatory,
};

/**
 * The application use cases over in-memory records (sealed as opaque bytes), documents, outbox and log, with
 * onboarding over the fake registry (functions/app/onboarding.ts) behind approval.
 */
function setup(opts: { limit?: number; codes?: number[] } = {}) {
  const clock = fakeClock(start);
  const onboarding = onboardingSetup(start);
  const counters = fakeCounters();
  const records = new Map<string, ApplicationItem>();
  const documents = new Map<string, { size: number; contentType: string | undefined }>();
  const sent: { message: OutboxMessage; at: Date }[] = [];
  const logs: { message: string; fields: Record<string, unknown> }[] = [];
  const passwordsSet: string[] = [];
  const sequence = [...(opts.codes ?? [710_001, 710_002, 710_003, 710_004])];
  const calls = { forgotten: 0, codes: 0, presigned: [] as unknown[][], deleted: [] as string[] };
  const uc = applicationUseCases({
    now: clock.now,
    limitPerHour: () => opts.limit ?? 5,
    countRequest: counters.countRequest,
    seal: async (id, data) => ({
      dk: new Uint8Array([id.length]),
      ct: new Uint8Array(Buffer.from(`sealed:${JSON.stringify(data)}`)),
    }),
    open: async <T>(item: Pick<ApplicationItem, 'dk' | 'ct'>) =>
      JSON.parse(Buffer.from(item.ct).toString().slice('sealed:'.length)) as T,
    put: async (a) => {
      records.set(a.applicationId, structuredClone(a));
    },
    get: async (id) => {
      const a = records.get(id);
      return a ? structuredClone(a) : undefined;
    },
    list: async (status) =>
      [...records.values()]
        .filter((a) => !status || a.status === status)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    reserveCodes: async (id, iysCode, brandCodes) => {
      const a = records.get(id)!;
      a.iysCode ??= iysCode;
      a.brandCodes ??= brandCodes;
      return { iysCode: a.iysCode, brandCodes: a.brandCodes };
    },
    decide: async (id, d) => {
      const a = records.get(id);
      if (a?.status !== 'PENDING') return false;
      Object.assign(a, d);
      return true;
    },
    nextCode: async () => {
      calls.codes++;
      return sequence.shift()!;
    },
    updateUser: onboarding.users.updateUser,
    presignDocument: async (key, contentType, maxBytes, seconds, now) => {
      calls.presigned.push([key, contentType, maxBytes, seconds]);
      return {
        url: 'https://uploads.example/',
        method: 'POST',
        fields: { key },
        expiresAt: new Date(now.getTime() + seconds * 1000).toISOString(),
      };
    },
    describeDocument: async (key) => documents.get(key),
    deleteDocuments: async (prefix) => {
      calls.deleted.push(prefix);
      const keys = [...documents.keys()].filter((k) => k.startsWith(prefix));
      for (const k of keys) documents.delete(k);
      return keys.length;
    },
    send: async (message, at) => {
      sent.push({ message, at });
      return `m-${sent.length}`;
    },
    log: (message, fields) => logs.push({ message, fields }),
    forgetProviders: () => {
      calls.forgotten++;
    },
    createProvider: onboarding.uc.createProvider,
    createUser: onboarding.uc.createUser,
    setUserPassword: async (username, password) => {
      passwordsSet.push(username);
      await onboarding.users.updateUser(username, { passwordHash: await fakeHash(password) });
    },
  });
  /** Uploads every document of an application as the applicant would (a PDF within the size limit). */
  const uploadAll = (id: string, skip: string[] = []) => {
    for (const d of records.get(id)!.documents)
      if (!skip.includes(d.kind)) documents.set(d.key, { size: 1000, contentType: DOCUMENT_CONTENT_TYPE });
  };
  return { uc, clock, counters, records, documents, sent, logs, passwordsSet, calls, onboarding, uploadAll };
}

describe('documentsFor', () => {
  it('asks a company for its gazette and signature circular, a person for a declaration, both for the contract; trademark certificates are optional', () => {
    expect(documentsFor(legal)).toEqual([
      { kind: 'TRADE_REGISTRY_GAZETTE', required: true },
      { kind: 'SIGNATURE_CIRCULAR', required: true },
      { kind: 'SERVICE_CONTRACT', required: true },
      { kind: 'TRADEMARK_CERTIFICATE_1', required: false },
      { kind: 'TRADEMARK_CERTIFICATE_2', required: false },
    ]);
    expect(documentsFor(real)).toEqual([
      { kind: 'SIGNATURE_DECLARATION', required: true },
      { kind: 'SERVICE_CONTRACT', required: true },
    ]);
  });
});

describe('createApplication', () => {
  it('keeps the application sealed and pending for 180 days and answers an upload target per document', async () => {
    const { uc, records, calls, logs } = setup();
    const r = await uc.createApplication(legal, '10.0.0.1');
    expect(r.applicationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.documentUploads.map((d) => [d.kind, d.required])).toEqual(
      documentsFor(legal).map((d) => [d.kind, d.required]),
    );
    expect(r.documentUploads[0]).toEqual({
      kind: 'TRADE_REGISTRY_GAZETTE',
      required: true,
      url: 'https://uploads.example/',
      method: 'POST',
      fields: { key: `applications/${r.applicationId}/TRADE_REGISTRY_GAZETTE.pdf` },
      expiresAt: new Date(Date.parse(start) + day * 1000).toISOString(),
      maxBytes: DOCUMENT_MAX_BYTES,
      contentType: DOCUMENT_CONTENT_TYPE,
    });
    expect(calls.presigned[0]).toEqual([
      `applications/${r.applicationId}/TRADE_REGISTRY_GAZETTE.pdf`,
      'application/pdf',
      10 * 1024 * 1024,
      day,
    ]);
    const stored = records.get(r.applicationId)!;
    expect(stored).toMatchObject({
      applicationId: r.applicationId,
      status: 'PENDING',
      type: 'LEGAL',
      createdAt: '2026-11-25T10:15:00.000Z',
      expiresAt: startS + retention.pendingDays * day,
    });
    expect(stored.documents).toHaveLength(5);
    // Only the sealed form is stored: no field of the body in the clear.
    expect(JSON.stringify({ ...stored, ct: undefined })).not.toContain('Ayşe');
    // The log holds identifiers and counts only.
    expect(logs).toEqual([
      {
        message: 'application received',
        fields: { applicationId: r.applicationId, type: 'LEGAL', documents: 5 },
      },
    ]);
  });

  it('limits applications per IP and hour (X026, with the seconds to the next hour)', async () => {
    const { uc, records, counters } = setup({ limit: 1 });
    await uc.createApplication(real, '10.0.0.1');
    const second = uc.createApplication(real, '10.0.0.1');
    expect(await refusal(second)).toEqual({ status: 429, codes: ['X026'] });
    expect(((await second.catch((e) => e)) as { retryAfterSeconds: number }).retryAfterSeconds).toBe(45 * 60);
    await uc.createApplication(real, '10.0.0.2');
    expect(records.size).toBe(2);
    expect([...counters.counts.keys()]).toEqual([
      `applications#10.0.0.1#${Math.floor(startS / 3600)}`,
      `applications#10.0.0.2#${Math.floor(startS / 3600)}`,
    ]);
  });
});

describe('reading applications', () => {
  it('lists summaries with the opened title, filtered by status', async () => {
    const { uc, clock, records } = setup();
    const a = await uc.createApplication(legal, 'ip');
    clock.advance(1000);
    const b = await uc.createApplication(real, 'ip');
    Object.assign(records.get(b.applicationId)!, {
      status: 'REJECTED',
      decidedAt: '2026-11-26T00:00:00.000Z',
      reason: 'Eksik belge',
      iysCode: 710_009,
    });
    expect(await uc.listApplications()).toEqual([
      {
        applicationId: a.applicationId,
        status: 'PENDING',
        type: 'LEGAL',
        title: 'Yeni Ticaret A.Ş.',
        createdAt: '2026-11-25T10:15:00.000Z',
      },
      {
        applicationId: b.applicationId,
        status: 'REJECTED',
        type: 'REAL',
        title: 'Ayşe Yılmaz',
        createdAt: '2026-11-25T10:15:01.000Z',
        decidedAt: '2026-11-26T00:00:00.000Z',
        reason: 'Eksik belge',
      },
    ]);
    expect((await uc.listApplications('PENDING')).map((s) => s.applicationId)).toEqual([a.applicationId]);
  });

  it('details the application and each document’s state; an unknown id is X023', async () => {
    const { uc, documents } = setup();
    const { applicationId } = await uc.createApplication(real, 'ip');
    documents.set(`applications/${applicationId}/SIGNATURE_DECLARATION.pdf`, {
      size: 2000,
      contentType: 'application/pdf',
    });
    documents.set(`applications/${applicationId}/SERVICE_CONTRACT.pdf`, {
      size: 10,
      contentType: 'image/png',
    });
    const d = await uc.applicationDetail(applicationId);
    expect(d).toMatchObject({ applicationId, status: 'PENDING', title: 'Ayşe Yılmaz', application: real });
    expect(d.documents).toEqual([
      { kind: 'SIGNATURE_DECLARATION', required: true, uploaded: true, accepted: true, size: 2000 },
      { kind: 'SERVICE_CONTRACT', required: true, uploaded: true, accepted: false, size: 10 },
    ]);
    expect(await refusal(uc.applicationDetail('no-such-id'))).toMatchObject({ codes: ['X023'] });
  });
});

describe('approveApplication', () => {
  it('creates the provider with its master brand and sub-brands, an owner and an API user, decides, and tells the applicant', async () => {
    const { uc, records, sent, logs, calls, onboarding, uploadAll, clock } = setup();
    const { applicationId } = await uc.createApplication(legal, 'ip');
    uploadAll(applicationId, ['TRADEMARK_CERTIFICATE_2']); // an optional document may be missing
    clock.advance(3600_000);
    expect(await uc.approveApplication(applicationId, 'operator-1')).toEqual({
      iysCode: 710_001,
      brandCode: 710_001,
      brandCodes: [710_001, 710_002, 710_003],
    });
    const provider = onboarding.registry.providers.get(710_001)!;
    expect(provider).toMatchObject({ title: 'Yeni Ticaret A.Ş.', dataKeyId: 'arn:key/data-710001' });
    expect([...onboarding.registry.brands.values()].map((b) => [b.brandCode, b.name, b.master])).toEqual([
      [710_001, 'Yeni Ticaret A.Ş.', true],
      [710_002, 'Yeni Çocuk', false],
      [710_003, 'Yeni Ev', false],
    ]);
    expect(onboarding.users.users.get('sp710001-yonetici')).toMatchObject({
      actor: 'HS',
      iysCode: 710_001,
      owner: true,
    });
    expect(onboarding.users.users.get('sp710001-api')).toMatchObject({ actor: 'HS', iysCode: 710_001 });
    expect(onboarding.users.users.get('sp710001-api')).not.toHaveProperty('owner');
    expect(records.get(applicationId)).toMatchObject({
      status: 'APPROVED',
      decidedAt: '2026-11-25T11:15:00.000Z',
      decidedBy: 'operator-1',
      expiresAt: startS + 3600 + retention.approvedDays * day,
      iysCode: 710_001,
      brandCodes: [710_002, 710_003],
    });
    expect(calls.forgotten).toBe(1);

    // The e-mail names the codes and usernames; the passwords go by SMS only, to the signatory's mobile.
    expect(sent.map((s) => [s.message.channel, s.message.to])).toEqual([
      ['EPOSTA', 'ayse.yilmaz@example.com'],
      ['SMS', '+905321234567'],
    ]);
    const [mail, sms] = sent.map((s) => s.message);
    expect(mail!.subject).toBe('İYS başvurunuz onaylandı');
    expect(mail!.text).toContain('İYS numaranız: 710001 (ana marka 710001, alt markalar 710002, 710003)');
    expect(mail!.text).toContain('sp710001-yonetici (yönetici) ve sp710001-api (API)');
    expect(mail!.text).toContain('+9053… numaralı');
    const passwords = /sp710001-yonetici (\S+) \/ sp710001-api (\S+)\./.exec(sms!.text)!.slice(1);
    for (const [i, username] of ['sp710001-yonetici', 'sp710001-api'].entries()) {
      expect(passwords[i]).toMatch(/^[A-Za-z0-9_-]{16}7a$/);
      expect(mail!.text).not.toContain(passwords[i]);
      expect(onboarding.users.users.get(username)!.passwordHash).toBe(`hash:${passwords[i]}`);
    }
    expect(passwords[0]).not.toBe(passwords[1]);
    expect(sent[0]!.at.toISOString()).toBe('2026-11-25T11:15:00.000Z');
    expect(logs.at(-1)).toEqual({
      message: 'application approved',
      fields: { applicationId, iysCode: 710_001, brands: 3, keysCreated: true },
    });
    expect(JSON.stringify(logs)).not.toContain(passwords[0]);
  });

  it('a person without sub-brands: the e-mail names the master brand only', async () => {
    const { uc, sent, uploadAll } = setup();
    const { applicationId } = await uc.createApplication(real, 'ip');
    uploadAll(applicationId);
    expect(await uc.approveApplication(applicationId, 'op')).toEqual({
      iysCode: 710_001,
      brandCode: 710_001,
      brandCodes: [710_001],
    });
    expect(sent[0]!.message.text).toContain('(ana marka 710001).');
  });

  it('refuses while a required document is missing (X025) or one is of the wrong type or too big (X031), all at once', async () => {
    const { uc, documents, records, onboarding, sent } = setup();
    const { applicationId } = await uc.createApplication(legal, 'ip');
    const key = (kind: string) => `applications/${applicationId}/${kind}.pdf`;
    documents.set(key('TRADE_REGISTRY_GAZETTE'), { size: 100, contentType: 'application/pdf' });
    documents.set(key('SIGNATURE_CIRCULAR'), { size: 100, contentType: 'text/plain' });
    documents.set(key('TRADEMARK_CERTIFICATE_1'), {
      size: DOCUMENT_MAX_BYTES + 1,
      contentType: 'application/pdf',
    });
    expect(await refusal(uc.approveApplication(applicationId, 'op'))).toEqual({
      status: 422,
      codes: ['X031', 'X025', 'X031'],
    });
    expect(records.get(applicationId)!.status).toBe('PENDING');
    expect(onboarding.registry.providers.size).toBe(0);
    expect(sent).toEqual([]);
  });

  it('a retried approval creates the same provider and gives the existing users new passwords', async () => {
    const { uc, records, uploadAll, passwordsSet, onboarding, calls } = setup();
    const { applicationId } = await uc.createApplication(legal, 'ip');
    uploadAll(applicationId);
    // A first attempt that got as far as the users (then failed before deciding).
    records.get(applicationId)!.iysCode = 720_000;
    records.get(applicationId)!.brandCodes = [720_001, 720_002];
    await onboarding.uc.createUser({
      username: 'sp720000-api',
      password: 'first-try-1',
      actor: 'HS',
      iysCode: 720_000,
    });
    expect(await uc.approveApplication(applicationId, 'op')).toEqual({
      iysCode: 720_000,
      brandCode: 720_000,
      brandCodes: [720_000, 720_001, 720_002],
    });
    expect(calls.codes).toBe(0); // the reserved codes, no new ones
    expect(passwordsSet).toEqual(['sp720000-api']);
    expect(onboarding.users.users.get('sp720000-api')!.passwordHash).not.toBe('hash:first-try-1');
  });

  it('an unknown application is X023, a decided one X024, and one decided meanwhile X024 before anyone is told', async () => {
    const { uc, records, uploadAll, sent } = setup();
    expect(await refusal(uc.approveApplication('no-such-id', 'op'))).toMatchObject({ codes: ['X023'] });
    const { applicationId } = await uc.createApplication(real, 'ip');
    uploadAll(applicationId);
    await uc.rejectApplication(applicationId, 'Eksik', 'op');
    sent.length = 0;
    expect(await refusal(uc.approveApplication(applicationId, 'op'))).toMatchObject({ codes: ['X024'] });

    const other = await uc.createApplication(real, 'ip');
    uploadAll(other.applicationId);
    // Another operator rejects it while this approval creates the provider.
    const race = uc.approveApplication(other.applicationId, 'op');
    records.get(other.applicationId)!.status = 'REJECTED';
    expect(await refusal(race)).toMatchObject({ codes: ['X024'] });
    expect(sent).toEqual([]);
  });
});

describe('rejectApplication', () => {
  it('decides with the reason, keeps the record for two years, removes the documents and tells the applicant', async () => {
    const { uc, records, documents, sent, logs, calls, uploadAll } = setup();
    const { applicationId } = await uc.createApplication(legal, 'ip');
    uploadAll(applicationId);
    documents.set('applications/another/SERVICE_CONTRACT.pdf', { size: 1, contentType: 'application/pdf' });
    expect(await uc.rejectApplication(applicationId, 'İmza sirküleri okunamıyor', 'operator-1')).toEqual({
      applicationId,
      status: 'REJECTED',
    });
    expect(records.get(applicationId)).toMatchObject({
      status: 'REJECTED',
      reason: 'İmza sirküleri okunamıyor',
      decidedBy: 'operator-1',
      decidedAt: '2026-11-25T10:15:00.000Z',
      expiresAt: startS + retention.rejectedDays * day,
    });
    expect(calls.deleted).toEqual([`applications/${applicationId}/`]);
    expect([...documents.keys()]).toEqual(['applications/another/SERVICE_CONTRACT.pdf']);
    expect(sent.map((s) => s.message)).toEqual([
      {
        channel: 'EPOSTA',
        to: 'ayse.yilmaz@example.com',
        subject: 'İYS başvurunuz reddedildi',
        text: 'Sayın Ayşe Yılmaz, Yeni Ticaret A.Ş. için başvurunuz reddedildi. Gerekçe: İmza sirküleri okunamıyor',
      },
    ]);
    expect(logs.at(-1)).toEqual({
      message: 'application rejected',
      fields: { applicationId, documentsRemoved: 5 },
    });
  });

  it('an unknown application is X023, a decided one X024; one decided meanwhile keeps its documents', async () => {
    const { uc, records, documents, sent, uploadAll } = setup();
    expect(await refusal(uc.rejectApplication('nope', 'r', 'op'))).toMatchObject({ codes: ['X023'] });
    const { applicationId } = await uc.createApplication(real, 'ip');
    uploadAll(applicationId);
    await uc.rejectApplication(applicationId, 'r', 'op');
    expect(await refusal(uc.rejectApplication(applicationId, 'r', 'op'))).toMatchObject({ codes: ['X024'] });

    const other = await uc.createApplication(real, 'ip');
    uploadAll(other.applicationId);
    sent.length = 0;
    const race = uc.rejectApplication(other.applicationId, 'r', 'op');
    records.get(other.applicationId)!.status = 'APPROVED';
    expect(await refusal(race)).toMatchObject({ codes: ['X024'] });
    expect(documents.size).toBe(2);
    expect(sent).toEqual([]);
  });
});
