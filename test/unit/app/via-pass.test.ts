import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seedSchema, seedViaPassTemplates } from '../../../bin/local/seed.js';
import type { OutboxMessage } from '../../../functions/adapters/outbox.js';
import type { ProviderItem } from '../../../functions/adapters/registry-store.js';
import { type ViaPassPorts, viaPassUseCases } from '../../../functions/app/via-pass.js';
import { IysError } from '../../../functions/domain/errors.js';
import type { Identity } from '../../../functions/domain/identity.js';
import type { ViaPackage } from '../../../functions/domain/subscription.js';
import type { PassRequest, PassTemplate } from '../../../functions/domain/via/pass.js';
import { ViaPassError, viaPassAnswer } from '../../../functions/domain/via/pass-errors.js';

const mac = (t: string) => createHmac('sha256', 'registry secret').update(t).digest('base64url');

/** ViA PASS's use case over in-memory ports: the rules without an emulator. */
function fakes(
  opts: { credit?: number; grants?: { integratorCode: number; iysCode: number }[]; perMinute?: number } = {},
) {
  let now = Date.parse('2026-11-25T07:00:00Z');
  const sent: OutboxMessage[] = [];
  const requests = new Map<string, PassRequest>();
  const links = new Map<string, string>();
  const templates = new Map<string, PassTemplate>();
  const counters = new Map<string, number>();
  const packages = new Map<number, ViaPackage>([
    [1, { packageName: 'VIA-PASS-25', credit: opts.credit ?? 10, status: 'ACTIVE' }],
    [2, { packageName: 'VIA-PASS-25', credit: 10, status: 'ACTIVE' }],
  ]);
  let seq = 0;
  let draws = 0;
  const providers: Record<number, ProviderItem> = {
    1: { iysCode: 1, title: 'Bir A.Ş.', createdAt: '2026-01-01T00:00:00Z' } as ProviderItem,
    2: { iysCode: 2, title: 'İki Ltd.', createdAt: '2026-01-01T00:00:00Z' } as ProviderItem,
  };
  const ports: ViaPassPorts = {
    provider: async (c) => providers[c],
    grants: async (integratorCode) =>
      (opts.grants ?? [])
        .filter((g) => g.integratorCode === integratorCode)
        .map((g) => ({ iysCode: g.iysCode, brandCode: g.iysCode, channels: { MESAJ: 'write' } })),
    templates: {
      next: async () => String(10_001 + seq++),
      put: async (t) => void templates.set(`${t.iysCode}|${t.templateId}`, t),
      get: async (c, id) => templates.get(`${c}|${id}`),
      list: async (c) => [...templates.values()].filter((t) => t.iysCode === c),
    },
    requests: {
      create: async (r, o) => {
        const pkg = packages.get(r.iysCode)!;
        if (o.spendCredit) {
          if (pkg.credit < 1) return 'no-credit';
          pkg.credit -= 1;
        }
        requests.set(r.requestId, structuredClone(r));
        if (o.linkDigest) links.set(o.linkDigest, r.requestId);
        return 'ok';
      },
      get: async (id) => structuredClone(requests.get(id)),
      save: async (r, v) => {
        if (requests.get(r.requestId)?.version !== v) return false;
        requests.set(r.requestId, structuredClone(r));
        return true;
      },
      ofLink: async (d) => links.get(d),
    },
    viaPassPackage: async (c) => structuredClone(packages.get(c)),
    digest: async (t) => mac(t),
    sha256Hex: (t) => `sha(${t.length})`.padEnd(64, '0'),
    sealAddress: async (a) => `sealed(${a})`,
    // A fixed sequence of draws: codes 000123, 000124, …
    randomUint32: () => 123 + draws++,
    newRequestId: () => `00000000-0000-4000-8000-${String(requests.size + 1).padStart(12, '0')}`,
    newToken: () => `token-${requests.size + 1}-abcdefghijklmnopqrstuvwxyz`,
    count: async (name) => {
      const n = (counters.get(name) ?? 0) + 1;
      counters.set(name, n);
      return n;
    },
    send: async (m) => void sent.push(m),
    timestamp: async (data) => new Uint8Array([0x30, data.length & 0xff]),
    senderId: 'IYS',
    ...(opts.perMinute ? { providerStartsPerMinute: opts.perMinute } : {}),
    now: () => new Date(now),
  };
  const uc = viaPassUseCases(ports);
  const hs: Identity = { username: 'bir-api', kind: 'HS', iysCode: 1 };
  const other: Identity = { username: 'iki-api', kind: 'HS', iysCode: 2 };
  const caller = { identity: hs, ip: '10.0.0.1' };
  async function template(channel: 'SMS' | 'EPOSTA', method: 'OTP' | 'SHORT_URL') {
    return uc.createTemplate(
      1,
      {
        channel,
        method,
        message: method === 'OTP' ? 'Kod: {{otp}}' : 'Link: {{link}}',
        clarification: 'Aydınlatma.',
      },
      hs,
    );
  }
  return {
    uc,
    sent,
    requests,
    packages,
    hs,
    other,
    caller,
    template,
    tick: (ms: number) => {
      now += ms;
    },
  };
}

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (e instanceof ViaPassError) return e.body.errorCode;
    if (e instanceof IysError) return e.errors.map((x) => x.code).join(',');
    throw e;
  }
}

describe('ViA PASS OTP', () => {
  it('sends the template’s text with the code, keeps only its digest, completes once', async () => {
    const f = fakes();
    const t = await f.template('SMS', 'OTP');
    const { requestId } = await f.uc.start(
      1,
      'SMS',
      'OTP',
      { address: '+905301112233', templateId: t.templateId, vkn: '1234567890' },
      f.caller,
      'http://x',
    );
    expect(f.sent).toEqual([{ channel: 'SMS', to: '+905301112233', text: 'Kod: 000123' }]);
    const stored = f.requests.get(requestId)!;
    expect(JSON.stringify(stored)).not.toContain('000123');
    expect(stored.challenge.digest).toBe(mac(`via-pass|otp|${requestId}|000123`));
    expect(stored.message).toBe('Kod: ******');
    expect(stored.maskedAddress).toBe('+905*******33');
    await f.uc.complete('SMS', { requestId, otpCode: '000123' }, { identity: f.hs, ip: '10.0.0.9' });
    const done = f.requests.get(requestId)!;
    expect(done.verifierIp).toBe('10.0.0.9');
    expect(done.file!.report).toContain('İşlemi Yapan (Doğrulayıcı) IP Adresi: 10.0.0.9');
    expect(done.file!.report).not.toContain('000123');
    expect(await code(f.uc.complete('SMS', { requestId, otpCode: '000123' }, f.caller))).toBe('H1110');
  });

  it('three tries in three minutes; the fourth is refused even if right; then expiry', async () => {
    const f = fakes();
    const t = await f.template('SMS', 'OTP');
    const start = () =>
      f.uc.start(
        1,
        'SMS',
        'OTP',
        { address: '+905301112233', templateId: t.templateId, vkn: '1234567890' },
        f.caller,
        'http://x',
      );
    const a = (await start()).requestId;
    for (let i = 0; i < 3; i++)
      expect(await code(f.uc.complete('SMS', { requestId: a, otpCode: '999999' }, f.caller))).toBe('H1052');
    expect(await code(f.uc.complete('SMS', { requestId: a, otpCode: '000123' }, f.caller))).toBe('H1050');
    expect(f.requests.get(a)!.steps.map((s) => s.status)).toEqual([
      'OTP Generation',
      'FAILURE',
      'FAILURE',
      'FAILURE',
    ]);
    const b = (await start()).requestId;
    f.tick(3 * 60_000);
    expect(await code(f.uc.complete('SMS', { requestId: b, otpCode: '000124' }, f.caller))).toBe('H1051');
  });

  it('another provider’s request, or one of the other channel, is never found', async () => {
    const f = fakes({ grants: [{ integratorCode: 9, iysCode: 1 }] });
    const t = await f.template('SMS', 'OTP');
    const { requestId } = await f.uc.start(
      1,
      'SMS',
      'OTP',
      { address: '+905301112233', templateId: t.templateId, vkn: '1234567890' },
      f.caller,
      'http://x',
    );
    expect(
      await code(f.uc.complete('SMS', { requestId, otpCode: '000123' }, { identity: f.other, ip: '1' })),
    ).toBe('OTP-ERROR-001');
    const stranger: Identity = { username: 'x', kind: 'INTEGRATOR', integratorCode: 8 };
    expect(
      await code(f.uc.complete('SMS', { requestId, otpCode: '000123' }, { identity: stranger, ip: '1' })),
    ).toBe('OTP-ERROR-001');
    expect(await code(f.uc.complete('EPOSTA', { requestId, otpCode: '000123' }, f.caller))).toBe(
      'OTP-ERROR-001',
    );
    expect(await code(f.uc.requestHistory({ requestId }, { page: 1, pageSize: 20 }, f.other))).toBe(
      'OTP-ERROR-002',
    );
    expect(await code(f.uc.clarificationFile(1, requestId, f.hs))).toBe('H1072'); // not completed yet
    const granted: Identity = { username: 'e', kind: 'INTEGRATOR', integratorCode: 9 };
    await f.uc.complete('SMS', { requestId, otpCode: '000123' }, { identity: granted, ip: '1' });
    expect(await code(f.uc.clarificationFile(2, requestId, f.other))).toBe('H1072');
    const zip = await f.uc.clarificationFile(1, requestId, f.hs);
    expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  it('refuses a template of another channel or method (H1107), no credit (H1015), and floods (H083)', async () => {
    const f = fakes({ credit: 6 });
    const sms = await f.template('SMS', 'OTP');
    const link = await f.template('SMS', 'SHORT_URL');
    const body = (templateId: string, address = '+905301112233') => ({
      address,
      templateId,
      vkn: '1234567890',
    });
    expect(await code(f.uc.start(1, 'EPOSTA', 'OTP', body(sms.templateId), f.caller, ''))).toBe('H1107');
    expect(await code(f.uc.start(1, 'SMS', 'OTP', body(link.templateId), f.caller, ''))).toBe('H1107');
    expect(await code(f.uc.start(2, 'SMS', 'OTP', body(sms.templateId), f.caller, ''))).toBe('H1107');
    for (let i = 0; i < 5; i++) await f.uc.start(1, 'SMS', 'OTP', body(sms.templateId), f.caller, '');
    const flood = f.uc.start(1, 'SMS', 'OTP', body(sms.templateId), f.caller, '');
    await expect(flood).rejects.toMatchObject({ status: 429, retryAfterSeconds: expect.any(Number) });
    await f.uc.start(1, 'SMS', 'OTP', body(sms.templateId, '+905301112234'), f.caller, '');
    expect(f.packages.get(1)!.credit).toBe(0);
    expect(await code(f.uc.start(1, 'SMS', 'OTP', body(sms.templateId, '+905301112235'), f.caller, ''))).toBe(
      'H1015',
    );
    const view = await f.uc.subscription(1);
    expect(view.data[0]).toMatchObject({ viaCredit: 0, viaSubscriptionPackage: { isLimited: true } });
  });
});

describe('ViA PASS provider limit', () => {
  it('counts a provider’s starts per minute over all its recipients, and opens again the next minute', async () => {
    const f = fakes({ perMinute: 2 });
    const t = await f.template('SMS', 'OTP');
    const start = (n: number) =>
      f.uc.start(
        1,
        'SMS',
        'OTP',
        { address: `+90530111220${n}`, templateId: t.templateId, vkn: '1234567890' },
        f.caller,
        '',
      );
    await start(1);
    await start(2);
    await expect(start(3)).rejects.toMatchObject({ status: 429, errors: [{ code: 'H083' }] });
    f.tick(60_000);
    await expect(start(4)).resolves.toMatchObject({ requestId: expect.any(String) });
  });
});

describe('ViA PASS short links', () => {
  it('a link works once and not after 24 hours', async () => {
    const f = fakes();
    const t = await f.template('EPOSTA', 'SHORT_URL');
    const start = () =>
      f.uc.start(
        1,
        'EPOSTA',
        'SHORT_URL',
        { address: 'ali@example.com', templateId: t.templateId, vkn: '12345678901' },
        f.caller,
        'https://iys.example',
      );
    const first = await start();
    expect(first.shortUrl).toBe('https://iys.example/vp/token-1-abcdefghijklmnopqrstuvwxyz');
    expect(f.sent[0]).toMatchObject({
      channel: 'EPOSTA',
      text: `Link: ${first.shortUrl}`,
      subject: 'Bir A.Ş. doğrulama',
    });
    expect(f.requests.get(first.requestId)!.message).toBe('Link: ******');
    const token = first.shortUrl!.split('/vp/')[1]!;
    expect(await f.uc.viewLink(token)).toMatchObject({ state: 'OPEN', maskedAddress: 'a***@e***.com' });
    expect(await f.uc.confirmLink(token, '192.0.2.7')).toEqual({ state: 'DONE', providerTitle: 'Bir A.Ş.' });
    expect(f.requests.get(first.requestId)!.file!.report).toContain(
      'İşlemi Yapan (Alıcı) IP Adresi: 192.0.2.7',
    );
    expect(await f.uc.confirmLink(token, '192.0.2.7')).toEqual({ state: 'INVALID' });
    expect(await f.uc.viewLink(token)).toEqual({ state: 'INVALID' });
    const second = await start();
    f.tick(24 * 3_600_000);
    const t2 = second.shortUrl!.split('/vp/')[1]!;
    expect(await f.uc.viewLink(t2)).toEqual({ state: 'INVALID' });
    expect(await f.uc.confirmLink(t2, '1')).toEqual({ state: 'INVALID' });
    expect(await code(f.uc.complete('EPOSTA', { requestId: second.requestId, otpCode: '1' }, f.caller))).toBe(
      'H1113',
    );
  });
});

describe('ViA PASS history body and error shape', () => {
  it('answers İYS’s codes for the history body', async () => {
    const f = fakes();
    const p = { page: 1, pageSize: 20 };
    expect(await code(f.uc.requestHistory(undefined, p, f.hs))).toBe('OTP-ERROR-005');
    expect(await code(f.uc.requestHistory({}, p, f.hs))).toBe('OTP-ERROR-009');
    expect(await code(f.uc.requestHistory({ requestId: ' ' }, p, f.hs))).toBe('OTP-ERROR-006');
    expect(await code(f.uc.requestHistory({ requestId: 'a', x: 1 }, p, f.hs))).toBe('OTP-ERROR-010');
  });

  it('maps the pipeline’s refusals to ViA PASS’s codes and statuses', () => {
    const a = (c: string, extra?: Parameters<typeof IysError.of>[1]) => viaPassAnswer(IysError.of(c, extra));
    expect(a('H351')).toEqual({
      status: 401,
      body: { errorCode: 'ERR-SYS-0006', errorMessage: 'Yetkisiz erişim' },
    });
    expect(a('H353').body.errorCode).toBe('ERR-SYS-0005');
    expect(a('H001', { vars: { iysCode: 1 } }).status).toBe(403);
    expect(a('H014').body.errorCode).toBe('ERR-SYS-0001');
    expect(a('H1107')).toEqual({
      status: 404,
      body: {
        errorCode: 'ERR-SYS-0007',
        errorMessage: 'Alt sistem hatası.',
        subSystemErrorInfo: { status: 404, errors: [{ code: 'H1107', message: 'Geçersiz template id!' }] },
      },
    });
    // A subsystem's 5xx leaves as 400, as İYS's H1058 example shows.
    expect(a('H1058').status).toBe(400);
    expect(a('H083').status).toBe(429);
  });
});

describe('the seed’s ViA PASS templates', () => {
  it('creates one of each kind per provider once, and prints their ids', async () => {
    const f = fakes();
    const seed = seedSchema.parse({
      providers: [{ iysCode: 2, title: 'İki Ltd.', brands: [{ brandCode: 2, name: 'İki' }] }],
    });
    const lines = await seedViaPassTemplates(seed, f.uc);
    expect(lines).toEqual([
      'provider 2 ViA PASS templates 10001 (SMS OTP), 10002 (EPOSTA OTP), 10003 (SMS SHORT_URL), 10004 (EPOSTA SHORT_URL)',
    ]);
    expect(await seedViaPassTemplates(seed, f.uc)).toEqual(lines);
    expect(await f.uc.listTemplates(2)).toHaveLength(4);
  });
});
