import { describe, expect, it } from 'vitest';
import { consentUseCases } from '../../../functions/app/consents.js';
import type { IysError } from '../../../functions/domain/errors.js';
import { memoryConsents } from './consent-fakes.js';
import { refusal } from './refusal.js';

/** The consent use cases with in-memory fakes of their ports: the rules and their wiring, no emulator. */
const NOW = new Date('2026-06-02T11:00:00+03:00'); // a Tuesday
const T = { iysCode: 700001, brandCode: 700001 };
const HS = { actor: 'HS' as const, now: NOW, repeat: { kind: 'v2' as const } };
const consent = (recipient: string, status = 'ONAY', extra: Record<string, unknown> = {}) => ({
  recipient,
  type: 'MESAJ',
  status,
  source: 'HS_WEB',
  consentDate: '2026-06-01 18:30:00',
  recipientType: 'BIREYSEL',
  ...extra,
});
const codes = async (p: Promise<unknown>) => (await refusal(p))?.codes ?? [];

function setup() {
  const mem = memoryConsents({ now: NOW });
  return { mem, uc: consentUseCases(mem.ports) };
}

describe('recording consents', () => {
  it('records a new consent once: one seal, one conditional write, the recipient index, the metric', async () => {
    const { mem, uc } = setup();
    const r = await uc.recordConsent(T, consent('+905321234567'), HS);
    expect(r.created).toBe(true);
    expect(r.transactionId).toMatch(/^[0-9a-f]{64}$/);
    expect(r.creationDate).toBe('2026-06-02 11:00:00');
    expect(mem.calls).toMatchObject({ sealMany: 1, putStates: 1, recorded: 1 });
    expect(mem.calls.indexed).toHaveLength(1);
    const state = [...mem.states.values()][0]!;
    // No address in the clear: keys are blind indexes, the address is only inside the sealed record.
    expect(JSON.stringify({ ...state, ct: undefined })).not.toContain('5321234567');
    expect(state).toMatchObject({ status: 'ONAY', seq: 1, iysCode: 700001, brandCode: 700001 });
  });

  it('answers a repeat with the transactionId first recorded, without writing (v2: the request; v1: its second too)', async () => {
    const { mem, uc } = setup();
    const a = await uc.recordConsent(T, consent('+905321234567'), HS);
    const later = new Date(NOW.getTime() + 5000);
    mem.setNow(later);
    const b = await uc.recordConsent(T, consent('+905321234567'), { ...HS, now: later });
    expect(b).toEqual({ ...a, created: false });
    expect(mem.calls.putStates).toBe(1);
    const v1 = { ...HS, now: later, repeat: { kind: 'v1' as const } };
    const c = await uc.recordConsent(T, consent('+905321234568'), v1);
    expect(await uc.recordConsent(T, consent('+905321234568'), v1)).toEqual({ ...c, created: false });
  });

  it('applies the transitions: ONAY then RET, and a RET cannot be followed by an older ONAY', async () => {
    const { mem, uc } = setup();
    await uc.recordConsent(T, consent('+905321234567'), HS);
    const later = new Date(NOW.getTime() + 60_000);
    mem.setNow(later);
    const ret = await uc.recordConsent(
      T,
      consent('+905321234567', 'RET', { consentDate: '2026-06-02 10:00:00' }),
      {
        ...HS,
        now: later,
      },
    );
    expect(ret.created).toBe(true);
    const status = await uc.consentStatus(T, {
      recipient: '+905321234567',
      recipientType: 'BIREYSEL',
      type: 'MESAJ',
    });
    expect(status).toMatchObject({
      status: 'RET',
      recipient: '+905321234567',
      transactionId: ret.transactionId,
    });
    // The same status again is refused (H174); a first record cannot be a RET (H175).
    expect(
      await codes(
        uc.recordConsent(T, consent('+905321234567', 'RET', { consentDate: '2026-06-02 10:30:00' }), {
          ...HS,
          now: later,
        }),
      ),
    ).toEqual(['H174']);
    expect(await codes(uc.recordConsent(T, consent('+905321234599', 'RET'), HS))).toEqual(['H175']);
  });

  it('refuses bad fields with İYS codes and an unknown provider with H001, counting refusals by code', async () => {
    const { mem, uc } = setup();
    expect(await codes(uc.recordConsent(T, consent('not a phone'), HS))).not.toEqual([]);
    expect(await codes(uc.recordConsent({ iysCode: 1, brandCode: 1 }, consent('+905321234567'), HS))).toEqual(
      ['H001'],
    );
    expect(mem.calls.refused.get('H001')).toBe(1);
    expect(mem.calls.putStates).toBe(0);
  });

  it('copies a batch index into the errors of a refused single record', async () => {
    const { uc } = setup();
    try {
      await uc.recordConsent(T, consent('+905321234567', 'ONAY', { source: 'NOPE' }), { ...HS, index: 7 });
      expect.unreachable();
    } catch (e) {
      expect((e as IysError).errors.every((x) => x.index === 7)).toBe(true);
    }
  });

  it('retries a write that met a newer version, and gives X010 after twelve lost races', async () => {
    const { mem, uc } = setup();
    mem.control.conflictsToInject = 2;
    const r = await uc.recordConsent(T, consent('+905321234567'), HS);
    expect(r.created).toBe(true);
    expect(mem.calls.conflicts).toBe(2);
    mem.control.conflictsToInject = 100;
    expect(await codes(uc.recordConsent(T, consent('+905321234568'), HS))).toEqual(['X010']);
  });

  it('refuses retailers that are not the brand’s (H180) and follows the ties of those that are', async () => {
    const { mem, uc } = setup();
    expect(
      await codes(uc.recordConsent(T, consent('+905321234567', 'ONAY', { retailerCode: 12345678 }), HS)),
    ).toEqual(['H180']);
    mem.control.retailers.add(12345678);
    await uc.recordConsent(T, consent('+905321234567', 'ONAY', { retailerCode: 12345678 }), HS);
    expect(mem.calls.ties).toBe(1);
  });

  it('consentDetail names the broker retailer’s title, asking for it only when the consent has one', async () => {
    const { mem, uc } = setup();
    mem.control.retailers.add(12345678);
    mem.control.titles.set(12345678, 'XYZ TİCARET');
    await uc.recordConsent(T, consent('+905321234567', 'ONAY', { retailerCode: 12345678 }), HS);
    await uc.recordConsent(T, consent('+905321234568'), HS);
    const key = { recipientType: 'BIREYSEL' as const, type: 'MESAJ' as const };
    const withBroker = await uc.consentStatus(T, { ...key, recipient: '+905321234567' });
    expect(withBroker).toMatchObject({ retailerCode: 12345678, retailerTitle: 'XYZ TİCARET' });
    const without = await uc.consentStatus(T, { ...key, recipient: '+905321234568' });
    expect(without).not.toHaveProperty('retailerTitle');
    expect(without).not.toHaveProperty('retailerCode');
    expect(mem.calls.retailerTitles).toEqual([12345678]);
    // A retailer the store no longer knows: the code stays, without a title.
    mem.control.titles.clear();
    const unknown = await uc.consentStatus(T, { ...key, recipient: '+905321234567' });
    expect(unknown.retailerCode).toBe(12345678);
    expect(unknown).not.toHaveProperty('retailerTitle');
  });

  it('keeps a batch’s valid rows when others are refused, and applies rows of one consent in order', async () => {
    const { uc } = setup();
    const later = new Date(NOW.getTime() + 1000);
    const out = await uc.recordConsents(
      T,
      [
        { input: consent('+905321234567'), repeat: { kind: 'job', id: 'a' } },
        { input: consent('bad'), repeat: { kind: 'job', id: 'b' } },
        {
          input: consent('+905321234567', 'RET', { consentDate: '2026-06-02 10:00:00' }),
          repeat: { kind: 'job', id: 'c' },
        },
      ],
      { actor: 'HS', now: later },
    );
    expect(out.map((o) => o.ok)).toEqual([true, false, true]);
    const status = await uc.consentStatus(T, {
      recipient: '+905321234567',
      recipientType: 'BIREYSEL',
      type: 'MESAJ',
    });
    expect(status.status).toBe('RET');
  });

  it('H525: a package’s address limit admits no new address beyond it', async () => {
    const { mem, uc } = setup();
    mem.control.provider = {
      ...mem.control.provider!,
      subscription: {
        packageName: 'İleti',
        consentLimit: 1,
        consentLimitExceed: false,
        startDate: '2026-01-01',
        endDate: '2027-01-01',
      },
    } as never;
    mem.control.usage = { held: [], used: 1 };
    expect(await codes(uc.recordConsent(T, consent('+905321234567'), HS))).toEqual(['H525']);
  });
});

describe('reading consents', () => {
  it('consentDetail answers X005 for an unknown consent and normalises the address it is asked for', async () => {
    const { uc } = setup();
    expect(
      await codes(
        uc.consentStatus(T, { recipient: '+905321234567', recipientType: 'BIREYSEL', type: 'MESAJ' }),
      ),
    ).toEqual(['X005']);
    expect(
      await codes(uc.consentStatus(T, { recipient: 'x', recipientType: 'BIREYSEL', type: 'MESAJ' })),
    ).not.toEqual([]);
  });

  it('consentsHistory lists every movement newest first, also before the stream has written them', async () => {
    const { mem, uc } = setup();
    const a = await uc.recordConsent(T, consent('+905321234567'), HS);
    mem.stream();
    const later = new Date(NOW.getTime() + 60_000);
    mem.setNow(later);
    mem.control.watermark = Math.floor(NOW.getTime() / 1000); // the RET's movement is not written yet
    const b = await uc.recordConsent(
      T,
      consent('+905321234567', 'RET', { consentDate: '2026-06-02 10:00:00' }),
      {
        ...HS,
        now: later,
      },
    );
    const h = await uc.consentHistory(
      T,
      { recipient: '+905321234567', recipientType: 'BIREYSEL', type: 'MESAJ' },
      { limit: 10, offset: 0 },
    );
    expect(h.list.map((m) => [m.transactionId, m.status])).toEqual([
      [b.transactionId, 'RET'],
      [a.transactionId, 'ONAY'],
    ]);
    expect(h.pagination).toEqual({ totalCount: 2, pageSize: 2, offset: 0 });
    const page2 = await uc.consentHistory(
      T,
      { recipient: '+905321234567', recipientType: 'BIREYSEL', type: 'MESAJ' },
      { limit: 1, offset: 1 },
    );
    expect(page2.list.map((m) => m.transactionId)).toEqual([a.transactionId]);
  });

  it('batchConsentStatus answers the approved addresses in the order asked, and refuses bad ones by index', async () => {
    const { mem, uc } = setup();
    await uc.recordConsent(T, consent('+905321234567'), HS);
    await uc.recordConsent(T, consent('+905321234568'), HS);
    const later = new Date(NOW.getTime() + 60_000);
    mem.setNow(later);
    await uc.recordConsent(T, consent('+905321234568', 'RET', { consentDate: '2026-06-02 10:00:00' }), {
      ...HS,
      now: later,
    });
    await uc.recordConsent(T, consent('+905321234569'), HS);
    expect(
      await uc.approvedRecipients(T, 'BIREYSEL', 'MESAJ', [
        '+905321234569',
        '+905321234568',
        '+905321234567',
        '+905329999999',
      ]),
    ).toEqual(['+905321234569', '+905321234567']);
    try {
      await uc.approvedRecipients(T, 'BIREYSEL', 'MESAJ', ['+905321234567', 'bad']);
      expect.unreachable();
    } catch (e) {
      expect((e as IysError).errors[0]!.location).toEqual(['recipients', 1]);
    }
  });

  it('the change feed pages movements after a cursor, never past the watermark, and filters channels', async () => {
    const { mem, uc } = setup();
    for (let i = 0; i < 5; i++) await uc.recordConsent(T, consent(`+90532123450${i}`), HS);
    mem.stream();
    const nowS = Math.floor(NOW.getTime() / 1000);
    const q = { group: 'HS' as const, limit: 2, now: new Date(NOW.getTime() + 10_000), lagSeconds: 5 };
    // The watermark is before the movements: nothing may be served yet.
    expect(await uc.changes(T, { ...q, watermark: nowS - 1 })).toBeUndefined();
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await uc.changes(T, { ...q, watermark: nowS, ...(after ? { after } : {}) });
      if (!page) break;
      seen.push(...page.list.map((m) => String(m.transactionId)));
      after = page.after;
    }
    expect(new Set(seen).size).toBe(5);
    expect(seen).toHaveLength(5);
    const none = await uc.changes(T, { ...q, limit: 10, watermark: nowS, channels: new Set(['ARAMA']) });
    expect(none?.list).toEqual([]);
  });

  it('answers nothing for a window wholly before the feed’s 7 days', async () => {
    const { uc } = setup();
    expect(
      await uc.changes(T, {
        group: 'IYS',
        limit: 10,
        now: NOW,
        lagSeconds: 8 * 86400,
        watermark: Number.MAX_SAFE_INTEGER,
      }),
    ).toBeUndefined();
  });
});
