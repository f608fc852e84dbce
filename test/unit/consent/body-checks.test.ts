import { describe, expect, it } from 'vitest';
import { spec as addConsent } from '../../../functions/specs/add-consent.js';
import { spec as addConsentV2 } from '../../../functions/specs/add-consent-v2.js';
import { spec as batchStatus } from '../../../functions/specs/batch-consent-status.js';

// Tuesday 2 June 2026, 11:00 Turkey time.
const now = new Date('2026-06-02T11:00:00+03:00');
const base = {
  recipient: '+905321234567',
  type: 'MESAJ',
  status: 'ONAY',
  source: 'HS_WEB',
  consentDate: '2026-06-01 18:30:00',
};
const codes = (r: { ok: boolean; errors?: { code: string }[] }) => (r.ok ? [] : r.errors!.map((e) => e.code));

describe("the specs' body checks (the rules the schema alone cannot decide)", () => {
  for (const s of [addConsent, addConsentV2]) {
    it(`${s.operationId}: a sound body goes on as sent; field and clock errors come together`, () => {
      const ok = s.checkBody!(base, { now, path: {} });
      expect(ok).toEqual({ ok: true, value: base });
      // A bad recipient next to a future date: both reported, as İYS does.
      const bad = s.checkBody!(
        { ...base, recipient: '123', consentDate: '2026-06-02 11:00:01' },
        { now, path: {} },
      );
      expect(codes(bad)).toEqual(expect.arrayContaining(['H162']));
      expect(codes(bad).length).toBeGreaterThanOrEqual(2);
      // H467: taken more than three business days ago.
      expect(codes(s.checkBody!({ ...base, consentDate: '2026-05-22 10:00:00' }, { now, path: {} }))).toEqual(
        ['H467'],
      );
    });
  }

  it('batchConsentStatus checks the path first, then the recipients for the channel it names', () => {
    const body = { recipients: ['+905321234567', 'ali@example.com'] };
    expect(codes(batchStatus.checkBody!(body, { now, path: { recipientType: 'X', type: 'MESAJ' } }))).toEqual(
      ['H116'],
    );
    expect(
      codes(batchStatus.checkBody!(body, { now, path: { recipientType: 'BIREYSEL', type: 'FAX' } })),
    ).toEqual(['H117']);
    // An e-mail address is not a MESAJ recipient, but is an EPOSTA one.
    expect(
      codes(batchStatus.checkBody!(body, { now, path: { recipientType: 'BIREYSEL', type: 'MESAJ' } })),
    ).not.toEqual([]);
    const phones = { recipients: ['+905321234567', '+905321234568'] };
    expect(batchStatus.checkBody!(phones, { now, path: { recipientType: 'TACIR', type: 'ARAMA' } })).toEqual({
      ok: true,
      value: phones,
    });
    expect(
      codes(
        batchStatus.checkBody!(
          { recipients: ['+905321234567', '+905321234567'] },
          { now, path: { recipientType: 'BIREYSEL', type: 'MESAJ' } },
        ),
      ),
    ).toEqual(['H193']);
    expect(
      codes(
        batchStatus.checkBody!(
          { recipients: [] },
          { now, path: { recipientType: 'BIREYSEL', type: 'MESAJ' } },
        ),
      ),
    ).toEqual(['H164']);
  });
});
