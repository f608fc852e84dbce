import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applySeed, seedSchema } from '../../../bin/local/seed.js';
import type { ViaEvidenceItem, ViaForm } from '../../../functions/adapters/via-store.js';
import type { OnboardingUseCases } from '../../../functions/app/onboarding.js';
import { type ViaPorts, type ViaRequestItem, viaUseCases } from '../../../functions/app/via.js';
import { IysError } from '../../../functions/domain/errors.js';
import type { ViaPackage } from '../../../functions/domain/subscription.js';
import { parseConfirmBody, parseStartBody, type StartBody } from '../../../functions/domain/via/request.js';

/** ViA over in-memory ports: the rules of the use case without an emulator. */
function fakes(opts: { credit?: number } = {}) {
  let now = Date.parse('2026-11-25T07:00:00Z');
  const forms = new Map<string, ViaForm>();
  const requests = new Map<string, ViaRequestItem>();
  const evidence = new Map<string, ViaEvidenceItem>();
  const kvk = new Map<string, string[]>();
  const counters = new Map<string, number>();
  const sent: { to: string; text: string }[] = [];
  const recorded: { iysCode: number; brandCode: number; input: Record<string, unknown>; repeat: unknown }[] =
    [];
  const pkg: ViaPackage = { packageName: 'VİA-25', credit: opts.credit ?? 10, status: 'ACTIVE' };
  let seq = 0;
  let ids = 0;
  const provider = (iysCode: number) =>
    [700001, 700100].includes(iysCode)
      ? {
          iysCode,
          title: iysCode === 700001 ? 'Örnek' : 'Başka',
          dataKeyId: 'k',
          signingKeyId: 's',
          blindIndexKey: new Uint8Array(),
          createdAt: '2026-01-01T00:00:00Z',
        }
      : undefined;
  const ports: ViaPorts = {
    provider: async (c) => provider(c),
    brand: async (c, b) =>
      (c === 700001 && [700001, 700002].includes(b)) || (c === 700100 && b === 700100)
        ? { iysCode: c, brandCode: b, name: `Marka ${b}`, master: b === c, shortNames: [] }
        : undefined,
    forms: {
      next: async () => ++seq,
      put: async (f) => void forms.set(`${f.iysCode}|${f.formId}`, f),
      get: async (c, id) => forms.get(`${c}|${id}`),
      list: async (c) => [...forms.values()].filter((f) => f.iysCode === c),
    },
    requests: {
      put: async (r) => void requests.set(r.requestId, structuredClone(r)),
      get: async (id) => structuredClone(requests.get(id)),
      save: async (r, expected, credits = 0) => {
        if (requests.get(r.requestId)?.version !== expected) return 'conflict';
        if (credits > 0) {
          if (pkg.credit < credits) return 'no-credit';
          pkg.credit -= credits;
        }
        requests.set(r.requestId, structuredClone(r));
        return 'ok';
      },
    },
    viaPackage: async () => ({ ...pkg }),
    kvk: {
      put: async (c, pidx, type, id) =>
        void kvk.set(`${c}|${pidx}|${type}`, [...(kvk.get(`${c}|${pidx}|${type}`) ?? []), id]),
      requestIds: async (c, pidx, type) => kvk.get(`${c}|${pidx}|${type}`) ?? [],
    },
    evidence: {
      put: async (e) => void evidence.set(e.requestId, e),
      get: async (id) => evidence.get(id),
      sign: async (_p, content) => ({
        sig: new Uint8Array([1, content.length % 256]),
        tst: new Uint8Array([2]),
      }),
    },
    seal: async (p, aad, plain) => ({
      dk: new TextEncoder().encode(`${p.iysCode}|${aad}`),
      ct: new TextEncoder().encode(plain),
    }),
    open: async (p, aad, s) => {
      if (new TextDecoder().decode(s.dk) !== `${p.iysCode}|${aad}`) throw new Error('wrong key');
      return new TextDecoder().decode(s.ct);
    },
    providerIndex: async (p, a) => createHash('sha256').update(`${p.iysCode}|${a}`).digest('hex'),
    registryIndex: async (a) => `r:${a}`,
    digest: async (t) => createHash('sha256').update(`secret|${t}`).digest('hex'),
    newRequestId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    newToken: () => `token-${ids}-abcdefghijklmnop`,
    randomUint32: () => 123456 + ids,
    countRequest: async (name) => {
      const n = (counters.get(name) ?? 0) + 1;
      counters.set(name, n);
      return n;
    },
    send: async (m) => void sent.unshift({ to: m.to, text: m.text }),
    consents: {
      recordConsent: async (t, input, o) => {
        recorded.push({ ...t, input: input as Record<string, unknown>, repeat: o.repeat });
        return {
          transactionId: `tx${recorded.length}`.padEnd(64, '0'),
          creationDate: '2026-11-25 10:00:00',
          created: true,
        };
      },
    },
    now: () => new Date(now),
    log: { info: () => {} },
  };
  const via = viaUseCases(ports);
  return {
    via,
    ports,
    pkg,
    sent,
    recorded,
    requests,
    advance: (ms: number) => {
      now += ms;
    },
    code: (to: string, title = 'ticari ileti onayı') =>
      new RegExp(`${title} kodu: (\\d{6})`).exec(sent.find((m) => m.to === to)!.text)![1]!,
    link: (to: string) =>
      /\/v\/(\S+)\/(\S+)$/.exec(sent.find((m) => m.to === to)!.text.replace(/ İYS$/, ''))!,
  };
}

const ctx = { actor: 'ornek-api', baseUrl: 'https://iys.example' };

async function withForm(
  f: ReturnType<typeof fakes>,
  kind: 'OTP' | 'SHORTURL' | 'APPROVALURL',
  published = true,
) {
  return (
    await f.via.createForm(
      700001,
      { name: kind, kind, titles: ['ETK', 'KVK'], text: 'Metin', published },
      ctx,
    )
  ).formId;
}
function startBody(formId: number, over: Partial<Record<string, unknown>> = {}): StartBody {
  const b = parseStartBody({
    formId,
    recipient: '+905321110001',
    verificationType: 'SMS_OTP',
    consentTypes: [
      { title: 'ETK', brandCodes: [700001], types: ['MESAJ', 'ARAMA'], recipientType: 'BIREYSEL' },
    ],
    ...over,
  });
  if (!b.ok) throw new Error(JSON.stringify(b.errors));
  return b.value;
}
const confirmBody = (requestId: string, otpCode: string, title = 'ETK', verificationType = 'SMS_OTP') => {
  const b = parseConfirmBody({ requestId, verificationType, consentTypes: [{ title, otpCode }] });
  if (!b.ok) throw new Error(JSON.stringify(b.errors));
  return b.value;
};
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof IysError) return e.errors[0]!.code;
    throw e;
  }
  throw new Error('not refused');
}

describe('ViA use case (fakes)', () => {
  it('OTP: records every channel through the consent write path with the channel’s source, one credit', async () => {
    const f = fakes();
    const { requestId } = await f.via.start(700001, startBody(await withForm(f, 'OTP')), ctx);
    const code = f.code('+905321110001');
    const r = await f.via.confirm(700001, confirmBody(requestId, code), ctx);
    expect(r.consents.map((c) => c.type)).toEqual(['MESAJ', 'ARAMA']);
    expect(r.consents[0]!.brandCode).toBe('700001');
    expect(f.recorded.map((x) => x.input)).toEqual([
      expect.objectContaining({
        type: 'MESAJ',
        status: 'ONAY',
        source: 'IYS_KISAMESAJ',
        recipientType: 'BIREYSEL',
      }),
      expect.objectContaining({ type: 'ARAMA', status: 'ONAY', source: 'IYS_KISAMESAJ' }),
    ]);
    expect(f.recorded[0]!.repeat).toEqual({ kind: 'key', key: `via|${requestId}|700001|MESAJ` });
    expect(f.pkg.credit).toBe(9);
    expect((await f.via.getRequest(700001, requestId)).lastStatus).toEqual({
      stage: 'COMPLETED',
      status: 'SUCCESS',
    });
    expect(f.sent[0]!.text).toContain('kaydedildi');
    // The stored request holds digests only: no code, no address in clear.
    const stored = JSON.stringify([...f.requests.values()].map(({ pd: _pd, ...r }) => r));
    expect(stored).not.toContain(code);
    expect(stored).not.toContain('+905321110001');
    expect(await refusal(f.via.confirm(700001, confirmBody(requestId, '000000'), ctx))).toBe('H1032');
  });

  it('the widget’s source replaces the channel’s (IYS_FRAME_SMS)', async () => {
    const f = fakes();
    const { requestId } = await f.via.start(700001, startBody(await withForm(f, 'OTP')), {
      ...ctx,
      source: 'IYS_FRAME_SMS',
    });
    await f.via.confirm(700001, confirmBody(requestId, f.code('+905321110001')), ctx);
    expect(f.recorded.every((x) => x.input.source === 'IYS_FRAME_SMS')).toBe(true);
  });

  it('3 minutes and 3 tries: H1051 after expiry, H1050 on a 4th answer even when right', async () => {
    const f = fakes();
    const formId = await withForm(f, 'OTP');
    const a = await f.via.start(700001, startBody(formId), ctx);
    f.advance(3 * 60_000);
    expect(await refusal(f.via.confirm(700001, confirmBody(a.requestId, f.code('+905321110001')), ctx))).toBe(
      'H1051',
    );
    expect((await f.via.getRequest(700001, a.requestId)).lastStatus.status).toBe('OTP_CODE_EXPIRED');
    const b = await f.via.start(700001, startBody(formId, { recipient: '+905321110002' }), ctx);
    const right = f.code('+905321110002');
    const wrong = right === '999999' ? '000000' : '999999';
    for (let i = 0; i < 3; i++)
      expect(await refusal(f.via.confirm(700001, confirmBody(b.requestId, wrong), ctx))).toBe('H1052');
    expect(await refusal(f.via.confirm(700001, confirmBody(b.requestId, right), ctx))).toBe('H1050');
    expect(f.recorded).toEqual([]);
    expect(f.pkg.credit).toBe(10);
  });

  it('no credit left at the answer: H1015, nothing recorded, and the code still works once credit is back', async () => {
    const f = fakes({ credit: 1 });
    const { requestId } = await f.via.start(700001, startBody(await withForm(f, 'OTP')), ctx);
    f.pkg.credit = 0;
    const code = f.code('+905321110001');
    expect(await refusal(f.via.confirm(700001, confirmBody(requestId, code), ctx))).toBe('H1015');
    expect(f.recorded).toEqual([]);
    f.pkg.credit = -1; // unlimited: nothing is taken
    expect((await f.via.confirm(700001, confirmBody(requestId, code), ctx)).consents).toHaveLength(2);
    expect(f.pkg.credit).toBe(-1);
  });

  it('another provider’s requestId is never found (H1030), its KVK data never opened', async () => {
    const f = fakes();
    const body = parseStartBody({
      formId: await withForm(f, 'OTP'),
      recipient: 'a@example.com',
      verificationType: 'EPOSTA_OTP',
      consentTypes: [{ title: 'KVK', types: ['ACIK_RIZA_METNI'], personData: { name: 'Aslı Can' } }],
    });
    if (!body.ok) throw new Error('body');
    const { requestId } = await f.via.start(700001, body.value, ctx);
    expect(await refusal(f.via.getRequest(700100, requestId))).toBe('H1030');
    expect(await refusal(f.via.kvkConsents(700100, requestId))).toBe('H1030');
    expect(await refusal(f.via.confirm(700100, confirmBody(requestId, '1', 'KVK', 'EPOSTA_OTP'), ctx))).toBe(
      'H1030',
    );
    expect(await refusal(f.via.evidenceFile(700100, requestId))).toBe('H1072');
    expect(await f.via.searchKvk(700100, { recipient: 'a@example.com', type: 'ACIK_RIZA_METNI' })).toEqual(
      [],
    );
    const r = await f.via.confirm(
      700001,
      confirmBody(requestId, f.code('a@example.com', 'KVK onayı'), 'KVK', 'EPOSTA_OTP'),
      ctx,
    );
    expect(r.consents).toEqual([expect.objectContaining({ type: 'ACIK_RIZA_METNI' })]);
    expect(r.consents[0]).not.toHaveProperty('brandCode');
    expect(await f.via.searchKvk(700001, { recipient: 'a@example.com', type: 'ACIK_RIZA_METNI' })).toEqual([
      requestId,
    ]);
    expect((await f.via.kvkConsents(700001, requestId))[0]).toMatchObject({
      recipientName: 'Aslı Can',
      status: 'ONAY',
    });
    const file = await f.via.evidenceFile(700001, requestId);
    expect(file.fileName).toBe(`via-${requestId}.zip`);
    expect(Buffer.from(file.zip.subarray(0, 4)).toString('hex')).toBe('504b0304');
  });

  it('links: opening marks REQUEST_OPENED, the recipient chooses MESAJ only, the link works once', async () => {
    const f = fakes();
    const formId = await withForm(f, 'SHORTURL');
    const { requestId } = await f.via.start(
      700001,
      startBody(formId, { verificationType: 'SMS_SHORTURL' }),
      ctx,
    );
    const [, id, token] = f.link('+905321110001');
    expect(id).toBe(requestId);
    const v = await f.via.viewLink(id!, token!);
    expect(v).toMatchObject({
      state: 'OPEN',
      maskedRecipient: '+905*******01',
      etk: { choose: true, types: ['MESAJ', 'ARAMA'] },
    });
    expect((await f.via.getRequest(700001, requestId)).lastStatus.stage).toBe('REQUEST_OPENED');
    expect(await f.via.answerLink(id!, token!, { approve: true, chosen: [] })).toEqual({
      state: 'NEED_CHOICE',
    });
    expect(await f.via.answerLink(id!, token!, { approve: true, chosen: ['MESAJ'] })).toMatchObject({
      state: 'DONE',
      approved: true,
    });
    expect(f.recorded.map((x) => x.input.type)).toEqual(['MESAJ']);
    expect(f.pkg.credit).toBe(9);
    expect(await f.via.answerLink(id!, token!, { approve: true, chosen: ['MESAJ'] })).toEqual({
      state: 'INVALID',
    });
    expect(await f.via.viewLink(id!, `${token}x`)).toEqual({ state: 'INVALID' });
    // A wrong token of the right request is no link.
    const b = await f.via.start(
      700001,
      startBody(formId, { verificationType: 'SMS_SHORTURL', recipient: '+905321110003' }),
      ctx,
    );
    expect(await f.via.viewLink(b.requestId, 'wrong-token-abcdefghijk')).toEqual({ state: 'INVALID' });
    f.advance(24 * 3_600_000);
    const [, id2, token2] = f.link('+905321110003');
    expect(await f.via.viewLink(id2!, token2!)).toEqual({ state: 'INVALID' });
    expect((await f.via.getRequest(700001, b.requestId)).lastStatus).toEqual({
      stage: 'COMPLETED',
      status: 'LINK_CLICK_TIMEOUT',
    });
  });

  it('forms: H1055 unknown, H1000 unpublished, H1065 another kind, H1014 another provider’s brand', async () => {
    const f = fakes();
    const otp = await withForm(f, 'OTP');
    const draft = await withForm(f, 'OTP', false);
    expect(await refusal(f.via.start(700001, startBody(99), ctx))).toBe('H1055');
    expect(await refusal(f.via.start(700001, startBody(draft), ctx))).toBe('H1000');
    expect(
      await refusal(f.via.start(700001, startBody(otp, { verificationType: 'SMS_SHORTURL' }), ctx)),
    ).toBe('H1065');
    const foreign = startBody(otp, {
      consentTypes: [{ title: 'ETK', brandCodes: [700100], types: ['MESAJ'], recipientType: 'BIREYSEL' }],
    });
    expect(await refusal(f.via.start(700001, foreign, ctx))).toBe('H1014');
  });

  it('flood limits: a second message to the same recipient within 30 s is refused with X071 and a retry time', async () => {
    const f = fakes();
    const otp = await withForm(f, 'OTP');
    await f.via.start(700001, startBody(otp), ctx);
    const e = await f.via.start(700001, startBody(otp), ctx).catch((x: IysError) => x);
    expect(e).toBeInstanceOf(IysError);
    expect((e as IysError).errors[0]!.code).toBe('X071');
    expect((e as IysError).retryAfterSeconds).toBeGreaterThan(0);
    // The refused attempt counts too: 3 more fill the recipient's hour.
    for (let i = 0; i < 3; i++) {
      f.advance(31_000);
      await f.via.start(700001, startBody(otp), ctx);
    }
    f.advance(31_000);
    // Six in the hour to one address: the registry-wide limit (5 an hour) holds.
    expect(await refusal(f.via.start(700001, startBody(otp), ctx))).toBe('X071');
  });
});

describe('the body rules', () => {
  it('answers İYS’s codes for the start and confirmation bodies', () => {
    const codes = (input: unknown) => {
      const r = parseStartBody(input);
      return r.ok ? [] : r.errors.map((e) => e.code);
    };
    const ok = {
      formId: '1',
      recipient: '+905321110001',
      verificationType: 'SMS_OTP',
      consentTypes: [{ title: 'ETK', brandCodes: [1], types: ['MESAJ'], recipientType: 'BIREYSEL' }],
    };
    expect(codes(ok)).toEqual([]);
    expect(codes(undefined)).toEqual(['H1042']);
    expect(codes([])).toEqual(['H1043']);
    expect(codes({ ...ok, verificationType: 'SMS' })).toEqual(['H1012']);
    expect(codes({ ...ok, formId: 'bir' })).toEqual(['H1029']);
    expect(codes({ ...ok, recipient: 'x@y.com' })).toEqual(['H1026']);
    expect(codes({ ...ok, consentTypes: [{ ...ok.consentTypes[0], types: ['FAKS'] }] })).toEqual(['H1085']);
    expect(codes({ ...ok, consentTypes: [{ ...ok.consentTypes[0], types: ['MESAJ', 'MESAJ'] }] })).toEqual([
      'H1061',
    ]);
    expect(
      codes({
        ...ok,
        verificationType: 'EPOSTA_OTP',
        recipient: 'a@b.com',
        consentTypes: [{ ...ok.consentTypes[0], types: ['EPOSTA', 'MESAJ'] }],
      }),
    ).toContain('H1066');
    const kvk = {
      title: 'KVK',
      types: ['ACIK_RIZA_METNI'],
      personData: { name: 'A', recipientIdNumber: '12345678901' },
    };
    const bad = parseStartBody({ ...ok, consentTypes: [kvk] });
    expect(bad.ok ? [] : bad.errors.map((e) => e.code)).toEqual(['H1096']);
    // Person data never travels in an error.
    expect(JSON.stringify(bad)).not.toContain('12345678901');
    const c = parseConfirmBody({
      requestId: 'x',
      verificationType: 'SMS_OTP',
      consentTypes: [{ title: 'ETK', otpCode: 12345 }],
    });
    expect(c.ok && c.value.consentTypes[0]!.otpCode).toBe('012345');
  });
});

describe('the demo seed’s ViA forms', () => {
  it('makes one published form of each kind for a provider that has none, and none again', async () => {
    const f = fakes();
    const onboarding = {
      createProvider: async (p: { iysCode: number }) => ({
        iysCode: p.iysCode,
        created: true,
        brands: [],
        users: [],
      }),
    } as unknown as OnboardingUseCases;
    const seed = seedSchema.parse({
      providers: [{ iysCode: 700001, title: 'Örnek', brands: [{ brandCode: 700001, name: 'Örnek' }] }],
    });
    const lines = await applySeed(seed, onboarding, f.via);
    expect(lines.join('\n')).toMatch(
      /ViA forms of 700001: OTP formId 1, SHORTURL formId 2, APPROVALURL formId 3/,
    );
    await applySeed(seed, onboarding, f.via);
    expect((await f.via.listForms(700001)).map((x) => [x.kind, x.published])).toEqual([
      ['OTP', true],
      ['SHORTURL', true],
      ['APPROVALURL', true],
    ]);
  });
});
