import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BrandItem } from '../../../functions/adapters/registry-store.js';
import { type SmsPorts, smsUseCases } from '../../../functions/app/sms.js';
import { IysError } from '../../../functions/domain/errors.js';
import { smsReplies } from '../../../functions/domain/sms.js';

/** The inbound SMS over in-memory fakes: brands by short name and code, consents by phone, the outbox. */
const NOW = new Date('2026-11-25T10:05:00+03:00');
const PHONE = '+905321112233';

function setup() {
  /** phone|iysCode|brandCode|type → status */
  const consents = new Map<string, string>([
    [`${PHONE}|700001|700001|MESAJ`, 'ONAY'],
    [`${PHONE}|700001|700001|ARAMA`, 'ONAY'],
    [`${PHONE}|700001|700002|MESAJ`, 'RET'],
  ]);
  const repeats = new Set<string>();
  const brands = new Map<string, BrandItem>([
    ['700001#700001', { name: 'Örnek' } as BrandItem],
    ['700001#700002', { name: 'Örnek Çocuk' } as BrandItem],
  ]);
  const calls = {
    changes: [] as Parameters<SmsPorts['changeConsent']>[],
    sent: [] as { to: string; text: string; now: Date }[],
    logged: [] as { message: string; fields: Record<string, unknown> }[],
  };
  const control = { failWith: undefined as Error | undefined };
  const ports: SmsPorts = {
    brandOwner: async (brandCode) => ({ 700001: 700001, 700002: 700001, 700003: 700001 })[brandCode],
    brandsByShortName: async (k) =>
      ({
        ORNEK: [{ iysCode: 700001, brandCode: 700001 }],
        COCUK: [{ iysCode: 700001, brandCode: 700002 }],
      })[k] ?? [],
    brand: async (iysCode, brandCode) => brands.get(`${iysCode}#${brandCode}`),
    changeConsent: async (...args) => {
      calls.changes.push(args);
      const [recipient, t, , , repeatKey] = args;
      if (control.failWith) throw control.failWith;
      // A repeat key counts within one consent (functions/domain/consent/request.ts).
      const k = `${recipient}|${t.iysCode}|${t.brandCode}|${t.type}`;
      if (repeats.has(`${k}|${repeatKey}`)) return { created: false };
      const status = consents.get(k);
      if (!status) throw IysError.of('X044');
      if (status === t.status) throw IysError.of('H174');
      consents.set(k, t.status);
      repeats.add(`${k}|${repeatKey}`);
      return { created: true };
    },
    sendSms: async (to, text, now) => {
      calls.sent.push({ to, text, now });
      return 'id';
    },
    now: () => NOW,
    log: {
      info: (message, fields) => {
        calls.logged.push({ message, fields });
      },
    },
  };
  return { uc: smsUseCases(ports), consents, calls, control };
}

const raw = (text: string, from = PHONE) =>
  JSON.stringify({ from, to: '3338', text, receivedAt: '2026-11-25T10:05:00+03:00' });
const hashOf = (s: string) => createHash('sha256').update(s).digest('hex');

describe('inbound SMS', () => {
  it('rejects every phone channel the named brand holds as ONAY, with IYS_KISAMESAJ, and says so', async () => {
    const { uc, consents, calls } = setup();
    const body = raw('ret örnek');
    expect(await uc.inboundSms({ from: PHONE, text: 'ret örnek' }, body)).toEqual({
      outcome: 'REJECTED',
      changes: 2,
    });
    expect(consents.get(`${PHONE}|700001|700001|MESAJ`)).toBe('RET');
    expect(consents.get(`${PHONE}|700001|700001|ARAMA`)).toBe('RET');
    expect(calls.changes).toEqual(
      ['MESAJ', 'ARAMA'].map((type) => [
        PHONE,
        { iysCode: 700001, brandCode: 700001, type, status: 'RET' },
        'IYS_KISAMESAJ',
        NOW,
        `sms|${hashOf(body)}|${type}`,
      ]),
    );
    expect(calls.sent).toEqual([{ to: PHONE, text: smsReplies.rejected(['Örnek']), now: NOW }]);
    // What is logged is counts only: no number, no text.
    expect(calls.logged).toEqual([{ message: 'sms inbound', fields: { brands: 1, changes: 2, unknown: 0 } }]);
  });

  it('records nothing twice for the same delivery (its raw body is the repeat key)', async () => {
    const { uc, calls } = setup();
    const body = raw('RET ORNEK');
    await uc.inboundSms({ from: PHONE, text: 'RET ORNEK' }, body);
    expect(await uc.inboundSms({ from: PHONE, text: 'RET ORNEK' }, body)).toEqual({
      outcome: 'REJECTED',
      changes: 0,
    });
    expect(calls.sent).toHaveLength(2);
    // Another delivery of the same words finds the consents RET already: nothing to reject.
    expect(await uc.inboundSms({ from: PHONE, text: 'RET ORNEK' }, `${body} `)).toEqual({
      outcome: 'NOTHING_TO_REJECT',
      changes: 0,
    });
    expect(calls.sent.at(-1)!.text).toBe(smsReplies.nothingToReject(['Örnek']));
  });

  it('names brands by code and by short name in one message; each brand answered in its part', async () => {
    const { uc, calls } = setup();
    const r = await uc.inboundSms({ from: PHONE, text: 'RET 700001 COCUK 700003 YOKBOYLE' }, raw('x'));
    expect(r).toEqual({ outcome: 'REJECTED', changes: 2 });
    // 700002 has MESAJ RET already and no ARAMA; 700003 has no consent and no name in the directory.
    expect(calls.sent).toEqual([
      {
        to: PHONE,
        text: [
          smsReplies.rejected(['Örnek']),
          smsReplies.nothingToReject(['Örnek Çocuk', '700003']),
          smsReplies.unknownKeyword(['YOKBOYLE']),
        ].join(' '),
        now: NOW,
      },
    ]);
    expect(calls.logged[0]!.fields).toEqual({ brands: 3, changes: 2, unknown: 1 });
  });

  it('rejects the channel still ONAY when the other is RET already', async () => {
    const { uc, consents } = setup();
    consents.set(`${PHONE}|700001|700001|ARAMA`, 'RET');
    expect(await uc.inboundSms({ from: PHONE, text: 'RET ORNEK' }, raw('RET ORNEK'))).toEqual({
      outcome: 'REJECTED',
      changes: 1,
    });
  });

  it('answers an unknown keyword with the format, changing nothing', async () => {
    const { uc, calls } = setup();
    expect(await uc.inboundSms({ from: PHONE, text: 'RET YOKBOYLE 999' }, raw('y'))).toEqual({
      outcome: 'UNKNOWN_KEYWORD',
      changes: 0,
    });
    expect(calls.sent.map((s) => s.text)).toEqual([smsReplies.unknownKeyword(['YOKBOYLE', '999'])]);
    expect(calls.changes).toEqual([]);
  });

  it('answers anything but RET with help', async () => {
    const { uc, calls } = setup();
    for (const text of ['merhaba', 'RET', ''])
      expect(await uc.inboundSms({ from: PHONE, text }, raw(text))).toEqual({ outcome: 'HELP', changes: 0 });
    expect(calls.sent.map((s) => s.text)).toEqual([smsReplies.help, smsReplies.help, smsReplies.help]);
    expect(calls.changes).toEqual([]);
  });

  it('ignores a sender that is no phone number it could answer', async () => {
    const { uc, calls } = setup();
    for (const from of ['ali@example.com', 'not-a-number', '123'])
      expect(await uc.inboundSms({ from, text: 'RET ORNEK' }, raw('RET ORNEK', from))).toEqual({
        outcome: 'IGNORED',
        changes: 0,
      });
    expect(calls.sent).toEqual([]);
    expect(calls.changes).toEqual([]);
  });

  it('lets any other failure of the change through (the webhook answers an error, nothing is sent)', async () => {
    const { uc, calls, control } = setup();
    control.failWith = IysError.of('X009');
    await expect(uc.inboundSms({ from: PHONE, text: 'RET ORNEK' }, raw('z'))).rejects.toMatchObject({
      errors: [expect.objectContaining({ code: 'X009' })],
    });
    control.failWith = new Error('boom');
    await expect(uc.inboundSms({ from: PHONE, text: 'RET ORNEK' }, raw('z'))).rejects.toThrow('boom');
    expect(calls.sent).toEqual([]);
  });
});
