import { describe, expect, it } from 'vitest';
import { type Citizen, citizenUseCases } from '../../../functions/app/citizens.js';
import { otpRules } from '../../../functions/domain/citizen.js';
import { IysError } from '../../../functions/domain/errors.js';
import { memoryCitizens } from './citizen-fakes.js';
import { refusal } from './refusal.js';

/** The recipient use cases over in-memory fakes: codes, sessions, the consent list, changes, new brands. */
const NOW = new Date('2026-06-02T11:00:10+03:00'); // 10 s into the hour
const NOW_S = Math.floor(NOW.getTime() / 1000);
const HOUR = Math.floor(NOW_S / 3600);
const PHONE = '+905321234567';
const EMAIL = 'ayse@example.com';
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const codes = async (p: Promise<unknown>) => (await refusal(p))?.codes ?? [];

async function setup() {
  const fakes = memoryCitizens({ now: NOW });
  const uc = citizenUseCases(fakes.citizenPorts);
  const me = async (recipient: string): Promise<Citizen> => ({
    recipient,
    ridx: await fakes.registryIndexOf(recipient),
  });
  /** A provider's own ONAY (HS_WEB), as the recipient would find it on their list. */
  const held = (recipient: string, brandCode: number, type = 'MESAJ', status = 'ONAY') =>
    fakes.consents.recordConsent(
      { iysCode: 700001, brandCode },
      {
        recipient,
        type,
        status,
        source: 'HS_WEB',
        consentDate: '2026-06-01 18:30:00',
        recipientType: 'BIREYSEL',
      },
      { actor: 'HS', now: NOW, repeat: { kind: 'v2' } },
    );
  return { fakes, uc, me, held };
}

/** The 429 a limit answers, with its Retry-After. */
async function limited(p: Promise<unknown>) {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (!(e instanceof IysError)) throw e;
    return { status: e.status, codes: e.errors.map((x) => x.code), retryAfter: e.retryAfterSeconds };
  }
}

describe('requesting a one-time code', () => {
  it('sends a code by SMS to the phone and keeps only the code for its address', async () => {
    const { fakes, uc } = await setup();
    expect(await uc.requestCode(PHONE, '10.0.0.1', NOW)).toEqual({ expiresInSeconds: 180 });
    expect(fakes.outbox).toHaveLength(1);
    const { message, at: sentAt } = fakes.outbox[0]!;
    expect(message).toMatchObject({ channel: 'SMS', to: PHONE, subject: 'İYS doğrulama kodu' });
    expect(message.text).toContain('000001');
    expect(sentAt).toBe(NOW);
    const ridx = await fakes.registryIndexOf(PHONE);
    expect(fakes.otps.get(ridx)).toMatchObject({
      code: '000001',
      createdAt: NOW_S,
      expiresAt: NOW_S + 180,
      tries: 0,
    });
    // Fixed hourly windows per source IP and per address, each counter kept one hour past its window.
    expect(fakes.counters.get(`citizen-code-ip#10.0.0.1#${HOUR}`)).toEqual({
      count: 1,
      expiresAt: (HOUR + 2) * 3600,
    });
    expect(fakes.counters.get(`citizen-code-adr#${ridx}#${HOUR}`)?.count).toBe(1);
  });

  it('sends an e-mail address its code by e-mail, to the address in its normal form', async () => {
    const { fakes, uc } = await setup();
    await uc.requestCode(' Ayse@Example.com ', '10.0.0.1', NOW);
    expect(fakes.outbox[0]!.message).toMatchObject({ channel: 'EPOSTA', to: EMAIL });
  });

  it('refuses what is not an address before counting or sending anything', async () => {
    const { fakes, uc } = await setup();
    expect(await codes(uc.requestCode(undefined, '10.0.0.1', NOW))).toEqual(['H114']);
    expect(await codes(uc.requestCode(42, '10.0.0.1', NOW))).toEqual(['H121']);
    expect((await codes(uc.requestCode('not an address', '10.0.0.1', NOW))).length).toBeGreaterThan(0);
    expect(fakes.counters.size).toBe(0);
    expect(fakes.outbox).toEqual([]);
  });

  it('refuses a resend within 30 seconds (X041, Retry-After the rest), then replaces the code', async () => {
    const { fakes, uc } = await setup();
    await uc.requestCode(PHONE, '10.0.0.1', NOW);
    expect(await limited(uc.requestCode(PHONE, '10.0.0.2', at(12)))).toEqual({
      status: 429,
      codes: ['X041'],
      retryAfter: 18,
    });
    expect(fakes.outbox).toHaveLength(1);
    await uc.requestCode(PHONE, '10.0.0.2', at(30));
    const ridx = await fakes.registryIndexOf(PHONE);
    expect(fakes.otps.get(ridx)).toMatchObject({ code: '000002', createdAt: NOW_S + 30, tries: 0 });
    expect(fakes.outbox.map((o) => o.message.text.includes('000002'))).toEqual([false, true]);
  });

  it('an expired code does not hold back a new one', async () => {
    const { fakes, uc } = await setup();
    const ridx = await fakes.registryIndexOf(PHONE);
    await fakes.citizenPorts.putOtp(ridx, '999999', NOW_S - 5, 3);
    await uc.requestCode(PHONE, '10.0.0.1', NOW);
    expect(fakes.otps.get(ridx)?.code).toBe('000001');
  });

  it('allows 20 requests per source IP and hour: the 21st waits for the next hour', async () => {
    const { fakes, uc } = await setup();
    fakes.counters.set(`citizen-code-ip#10.0.0.9#${HOUR}`, {
      count: otpRules.perIpPerHour - 1,
      expiresAt: 0,
    });
    await uc.requestCode(PHONE, '10.0.0.9', NOW);
    expect(await limited(uc.requestCode('+905321234568', '10.0.0.9', NOW))).toEqual({
      status: 429,
      codes: ['X041'],
      retryAfter: 3600 - 10,
    });
    expect(fakes.outbox).toHaveLength(1);
    // Another IP is not held back.
    await uc.requestCode('+905321234568', '10.0.0.10', NOW);
    expect(fakes.outbox).toHaveLength(2);
  });

  it('allows 5 codes per address and hour, from any IP', async () => {
    const { fakes, uc } = await setup();
    for (let i = 0; i < otpRules.perAddressPerHour; i++)
      await uc.requestCode(PHONE, `10.0.1.${i}`, at(i * otpRules.resendAfterSeconds));
    expect(fakes.outbox).toHaveLength(5);
    expect(
      await limited(uc.requestCode(PHONE, '10.0.2.1', at(otpRules.perAddressPerHour * 30))),
    ).toMatchObject({ status: 429, codes: ['X041'] });
    expect(fakes.outbox).toHaveLength(5);
  });
});

describe('opening a session', () => {
  it('a right code opens a 15-minute session for the address, once', async () => {
    const { fakes, uc } = await setup();
    await uc.requestCode(PHONE, '10.0.0.1', NOW);
    const s = await uc.openSession(PHONE, '000001', '10.0.0.1', at(60));
    expect(s).toEqual({ token: 'session-1', expiresAt: new Date((NOW_S + 60 + 900) * 1000).toISOString() });
    expect(fakes.sessions).toEqual([{ address: PHONE, nowSeconds: NOW_S + 60, lifetimeSeconds: 900 }]);
    // The code is consumed.
    expect(await codes(uc.openSession(PHONE, '000001', '10.0.0.1', at(61)))).toEqual(['X040']);
    expect(fakes.counters.get(`citizen-check-ip#10.0.0.1#${HOUR}`)?.count).toBe(2);
  });

  it('refuses a wrong code (X040) and, after 3 tries, even the right one', async () => {
    const { fakes, uc } = await setup();
    await uc.requestCode(PHONE, '10.0.0.1', NOW);
    for (const wrong of ['123456', '654321', '111111'])
      expect(await codes(uc.openSession(PHONE, wrong, '10.0.0.1', at(5)))).toEqual(['X040']);
    expect(await refusal(uc.openSession(PHONE, '000001', '10.0.0.1', at(6)))).toEqual({
      status: 401,
      codes: ['X040'],
    });
    expect(fakes.sessions).toEqual([]);
  });

  it('refuses an expired code and an address that never asked for one', async () => {
    const { uc } = await setup();
    await uc.requestCode(PHONE, '10.0.0.1', NOW);
    expect(await codes(uc.openSession(PHONE, '000001', '10.0.0.1', at(180)))).toEqual(['X040']);
    expect(await codes(uc.openSession(EMAIL, '000001', '10.0.0.1', NOW))).toEqual(['X040']);
  });

  it('counts checks per source IP first (30 an hour), even for a malformed address', async () => {
    const { fakes, uc } = await setup();
    fakes.counters.set(`citizen-check-ip#10.0.0.7#${HOUR}`, {
      count: otpRules.checksPerIpPerHour,
      expiresAt: 0,
    });
    expect(await limited(uc.openSession('nonsense', '000001', '10.0.0.7', NOW))).toEqual({
      status: 429,
      codes: ['X041'],
      retryAfter: 3590,
    });
    expect(await codes(uc.openSession(undefined, '000001', '10.0.0.8', NOW))).toEqual(['H114']);
  });
});

describe('the recipient’s consents', () => {
  it('lists every consent held for the address, sorted by brand name (Turkish order) then type', async () => {
    const { uc, me, held } = await setup();
    await held(PHONE, 700001, 'MESAJ');
    await held(PHONE, 700011, 'ARAMA');
    await held(PHONE, 700011, 'MESAJ');
    await held(PHONE, 700011, 'MESAJ', 'RET');
    await held(PHONE, 700012, 'MESAJ');
    await held(PHONE, 700013, 'MESAJ');
    // A brand the directory does not know (yet) shows its code.
    await held(PHONE, 700014, 'MESAJ');
    await held('+905320000000', 700001, 'MESAJ'); // someone else's
    const { recipient, list } = await uc.listConsents(await me(PHONE));
    expect(recipient).toBe(PHONE);
    // Turkish order: Ç after C, dotless I before İ.
    expect(list.map((c) => [c.brandName, c.type, c.status])).toEqual([
      ['700014', 'MESAJ', 'ONAY'],
      ['Çiçek Evi', 'ARAMA', 'ONAY'],
      ['Çiçek Evi', 'MESAJ', 'RET'],
      ['Işık Optik', 'MESAJ', 'ONAY'],
      ['İnci Kitap', 'MESAJ', 'ONAY'],
      ['Zeytin Market', 'MESAJ', 'ONAY'],
    ]);
    expect(list[5]).toEqual({
      iysCode: 700001,
      providerTitle: 'Fake',
      brandCode: 700001,
      brandName: 'Zeytin Market',
      type: 'MESAJ',
      recipientType: 'BIREYSEL',
      status: 'ONAY',
      source: 'HS_WEB',
      consentDate: '2026-06-01 18:30:00',
      creationDate: '2026-06-02 11:00:10',
    });
  });

  it('shows a provider the directory does not know by its code', async () => {
    const { fakes, uc, me, held } = await setup();
    await held(EMAIL, 700001, 'EPOSTA');
    fakes.registry.providers.clear();
    const { list } = await uc.listConsents(await me(EMAIL));
    expect(list.map((c) => c.providerTitle)).toEqual(['700001']);
  });

  it('an address with nothing held gets an empty list', async () => {
    const { uc, me } = await setup();
    expect(await uc.listConsents(await me(EMAIL))).toEqual({ recipient: EMAIL, list: [] });
  });
});

describe('changing a consent', () => {
  it('the recipient rejects a held consent: one movement by İYS, source IYS_WEB or IYS_MOBIL', async () => {
    const { fakes, uc, me, held } = await setup();
    const first = await held(PHONE, 700011, 'ARAMA');
    const later = at(60);
    fakes.mem.setNow(later);
    const r = await uc.changeOwnConsent(
      await me(PHONE),
      { iysCode: 700001, brandCode: 700011, type: 'ARAMA', status: 'RET' },
      'IYS_MOBIL',
      later,
    );
    expect(r.created).toBe(true);
    expect(r.transactionId).not.toBe(first.transactionId);
    expect(r.creationDate).toBe('2026-06-02 11:01:10');
    const { list } = await uc.listConsents(await me(PHONE));
    expect(list).toMatchObject([
      {
        brandCode: 700011,
        type: 'ARAMA',
        status: 'RET',
        source: 'IYS_MOBIL',
        consentDate: '2026-06-02 11:01:10',
      },
    ]);
  });

  it('refuses a channel the address cannot use (H464) and a consent not held (X044)', async () => {
    const { fakes, uc, me, held } = await setup();
    await held(PHONE, 700001, 'MESAJ');
    const phone = await me(PHONE);
    const t = { iysCode: 700001, brandCode: 700001, status: 'RET' as const };
    expect(await codes(uc.changeOwnConsent(phone, { ...t, type: 'EPOSTA' }, 'IYS_WEB', NOW))).toEqual([
      'H464',
    ]);
    expect(await refusal(uc.changeOwnConsent(phone, { ...t, type: 'ARAMA' }, 'IYS_WEB', NOW))).toEqual({
      status: 404,
      codes: ['X044'],
    });
    expect(
      await codes(uc.changeOwnConsent(phone, { ...t, brandCode: 700012, type: 'MESAJ' }, 'IYS_WEB', NOW)),
    ).toEqual(['X044']);
    expect(fakes.mem.calls.putStates).toBe(1);
  });

  it('refuses an unknown provider (H001) and an unknown brand (H018)', async () => {
    const { uc } = await setup();
    const t = { type: 'MESAJ' as const, status: 'RET' as const };
    expect(
      await codes(uc.changeConsent(PHONE, { ...t, iysCode: 123, brandCode: 700001 }, 'IYS_CM', NOW)),
    ).toEqual(['H001']);
    expect(
      await codes(uc.changeConsent(PHONE, { ...t, iysCode: 700001, brandCode: 9 }, 'IYS_CM', NOW)),
    ).toEqual(['H018']);
  });

  it('the call centre may record a first ONAY (allowCreate), never a first RET', async () => {
    const { uc, me } = await setup();
    const t = { iysCode: 700001, brandCode: 700001, type: 'MESAJ' as const };
    expect(
      await codes(
        uc.changeConsent(PHONE, { ...t, status: 'RET' }, 'IYS_CM', NOW, undefined, { allowCreate: true }),
      ),
    ).toEqual(['X044']);
    const r = await uc.changeConsent(PHONE, { ...t, status: 'ONAY' }, 'IYS_CM', NOW, undefined, {
      allowCreate: true,
    });
    expect(r.created).toBe(true);
    expect((await uc.listConsents(await me(PHONE))).list).toMatchObject([
      { brandCode: 700001, status: 'ONAY', source: 'IYS_CM', recipientType: 'BIREYSEL' },
    ]);
  });

  it('a repeat key records one movement: the same change again answers the first transaction', async () => {
    const { fakes, uc, held } = await setup();
    await held(PHONE, 700001, 'MESAJ');
    const t = { iysCode: 700001, brandCode: 700001, type: 'MESAJ' as const, status: 'RET' as const };
    const a = await uc.changeConsent(PHONE, t, 'IYS_KISAMESAJ', at(5), 'sms-body-hash');
    const b = await uc.changeConsent(PHONE, t, 'IYS_KISAMESAJ', at(5), 'sms-body-hash');
    expect(b).toEqual({ ...a, created: false });
    expect(fakes.mem.calls.putStates).toBe(2);
    // Another request (another key) for the same RET is refused as one already on file.
    expect(await codes(uc.changeConsent(PHONE, t, 'IYS_KISAMESAJ', at(9), 'other-body'))).toEqual(['H174']);
  });
});

describe('adding a brand', () => {
  it('records a first-hand ONAY (IYS_WEB_YENI) with the name given, and answers the brand’s provider', async () => {
    const { fakes, uc, me } = await setup();
    const r = await uc.addBrand(
      await me(EMAIL),
      { brandCode: 700012, type: 'EPOSTA', citizenName: 'Ayşe Y.' },
      NOW,
    );
    expect(r).toMatchObject({ iysCode: 700001, created: true, creationDate: '2026-06-02 11:00:10' });
    const { list } = await uc.listConsents(await me(EMAIL));
    expect(list).toMatchObject([
      { brandCode: 700012, type: 'EPOSTA', status: 'ONAY', source: 'IYS_WEB_YENI' },
    ]);
    // The name travels only inside the sealed record.
    const state = [...fakes.mem.states.values()][0]!;
    expect(Buffer.from(state.ct).toString()).toContain('Ayşe Y.');
    expect(JSON.stringify({ ...state, ct: undefined })).not.toContain('Ayşe');
  });

  it('without a name records none', async () => {
    const { fakes, uc, me } = await setup();
    await uc.addBrand(await me(EMAIL), { brandCode: 700012, type: 'EPOSTA' }, NOW);
    expect(Buffer.from([...fakes.mem.states.values()][0]!.ct).toString()).not.toContain('citizenName');
  });

  it('refuses a brand held already (X043), an unknown brand (H018) and a channel the address cannot use (H464)', async () => {
    const { fakes, uc, me, held } = await setup();
    await held(PHONE, 700001, 'ARAMA');
    const phone = await me(PHONE);
    expect(await refusal(uc.addBrand(phone, { brandCode: 700001, type: 'ARAMA' }, NOW))).toEqual({
      status: 409,
      codes: ['X043'],
    });
    expect(await codes(uc.addBrand(phone, { brandCode: 123456, type: 'MESAJ' }, NOW))).toEqual(['H018']);
    expect(await codes(uc.addBrand(phone, { brandCode: 700001, type: 'EPOSTA' }, NOW))).toEqual(['H464']);
    // A brand whose owner is known but that the directory lacks.
    fakes.registry.owners.set(700099, 700001);
    expect(await codes(uc.addBrand(phone, { brandCode: 700099, type: 'MESAJ' }, NOW))).toEqual(['H018']);
    expect(fakes.mem.calls.putStates).toBe(1);
    // Another channel of the same brand is a new consent.
    expect((await uc.addBrand(phone, { brandCode: 700001, type: 'MESAJ' }, NOW)).created).toBe(true);
  });
});
