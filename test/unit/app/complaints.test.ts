import { describe, expect, it } from 'vitest';
import type { Citizen } from '../../../functions/app/citizens.js';
import { complaintUseCases } from '../../../functions/app/complaints.js';
import { memoryCitizens } from './citizen-fakes.js';
import { PROVIDER } from './consent-fakes.js';
import { refusal } from './refusal.js';

/** Filing and listing a recipient's complaints over in-memory fakes. */
const NOW = new Date('2026-06-02T08:00:00Z');
const PHONE = '+905321234567';
const EMAIL = 'ayse@example.com';
const RECEIVED = '2026-06-01T09:15:00Z';
const codes = async (p: Promise<unknown>) => (await refusal(p))?.codes ?? [];

async function setup() {
  const fakes = memoryCitizens({ now: NOW });
  const uc = complaintUseCases(fakes.complaintPorts);
  const me = async (recipient: string): Promise<Citizen> => ({
    recipient,
    ridx: await fakes.registryIndexOf(recipient),
  });
  return { fakes, uc, me };
}

describe('filing a complaint', () => {
  it('names the brand’s consent by its state key, seals the address and starts the history', async () => {
    const { fakes, uc, me } = await setup();
    const phone = await me(PHONE);
    const r = await uc.fileComplaint(
      phone,
      { brandCode: 700011, type: 'MESAJ', receivedAt: '2026-06-01T12:15:00+03:00', text: 'İstemediğim SMS' },
      NOW,
    );
    expect(r).toEqual({ complaintId: '00000000-0000-4000-8000-000000000001' });
    const { key } = await fakes.consents.consentKeys(PROVIDER, 700011, PHONE, 'BIREYSEL', 'MESAJ');
    const stored = fakes.complaints.get(r.complaintId)!;
    expect(stored).toEqual({
      pk: `COMPLAINT#${r.complaintId}`,
      sk: `T#${NOW.toISOString()}`,
      complaintId: r.complaintId,
      status: 'RECEIVED',
      type: 'MESAJ',
      iysCode: 700001,
      brandCode: 700011,
      receivedAt: RECEIVED.replace('Z', '.000Z'),
      receivedAtMs: Date.parse(RECEIVED),
      createdAt: NOW.toISOString(),
      text: 'İstemediğim SMS',
      adr: stored.adr,
      ridx: phone.ridx,
      statePk: key.pk,
      stateSk: key.sk,
      history: [{ status: 'RECEIVED', by: 'citizen', at: NOW.toISOString() }],
    });
    // The address is only sealed, bound to the complaint purpose the authority opens it with.
    expect(stored.adr).not.toContain('5321234567');
    expect(await fakes.authorityPorts.openText(stored.adr, 'complaint')).toBe(PHONE);
    expect(await fakes.authorityPorts.openText(stored.adr, 'session')).toBeUndefined();
  });

  it('a sender that is exactly one brand’s short name names that brand; the sender is kept as given', async () => {
    const { fakes, uc, me } = await setup();
    fakes.registry.shortNames.set('CICEKEVI', [{ iysCode: 700001, brandCode: 700011 }]);
    const { complaintId } = await uc.fileComplaint(
      await me(PHONE),
      { sender: 'Çiçek Evi', type: 'ARAMA', receivedAt: RECEIVED, text: 'Arama' },
      NOW,
    );
    expect(fakes.complaints.get(complaintId)).toMatchObject({
      iysCode: 700001,
      brandCode: 700011,
      sender: 'Çiçek Evi',
      statePk: expect.stringMatching(/^C#700001#700011#/),
      stateSk: 'S#BIREYSEL#ARAMA',
    });
  });

  it('a sender name that names no brand, or several, leaves the brand to the authority', async () => {
    const { fakes, uc, me } = await setup();
    fakes.registry.shortNames.set('ORTAK', [
      { iysCode: 700001, brandCode: 700011 },
      { iysCode: 700001, brandCode: 700012 },
    ]);
    const phone = await me(PHONE);
    for (const sender of ['ORTAK', 'BILINMEYEN']) {
      const { complaintId } = await uc.fileComplaint(
        phone,
        { sender, type: 'MESAJ', receivedAt: RECEIVED, text: 'x' },
        NOW,
      );
      const c = fakes.complaints.get(complaintId)!;
      expect(c.sender).toBe(sender);
      expect([c.iysCode, c.brandCode, c.statePk, c.stateSk]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    }
  });

  it('a brand whose provider the directory lacks is kept without a consent key', async () => {
    const { fakes, uc, me } = await setup();
    fakes.registry.providers.clear();
    const { complaintId } = await uc.fileComplaint(
      await me(EMAIL),
      { brandCode: 700001, type: 'EPOSTA', receivedAt: RECEIVED, text: 'e-posta' },
      NOW,
    );
    const c = fakes.complaints.get(complaintId)!;
    expect([c.iysCode, c.brandCode, c.statePk]).toEqual([700001, 700001, undefined]);
  });

  it('refuses a complaint naming neither brand nor sender (X051), a wrong channel (H464), an unknown brand (H018)', async () => {
    const { fakes, uc, me } = await setup();
    const phone = await me(PHONE);
    expect(
      await refusal(uc.fileComplaint(phone, { type: 'MESAJ', receivedAt: RECEIVED, text: 'x' }, NOW)),
    ).toEqual({ status: 422, codes: ['X051'] });
    expect(
      await codes(
        uc.fileComplaint(phone, { brandCode: 700001, type: 'EPOSTA', receivedAt: RECEIVED, text: 'x' }, NOW),
      ),
    ).toEqual(['H464']);
    expect(
      await codes(
        uc.fileComplaint(phone, { brandCode: 123, type: 'MESAJ', receivedAt: RECEIVED, text: 'x' }, NOW),
      ),
    ).toEqual(['H018']);
    expect(fakes.complaints.size).toBe(0);
  });

  it('refuses a message received in the future (beyond a minute) or more than a year ago (X050)', async () => {
    const { fakes, uc, me } = await setup();
    const phone = await me(PHONE);
    const file = (receivedAt: string) =>
      uc.fileComplaint(phone, { brandCode: 700001, type: 'MESAJ', receivedAt, text: 'x' }, NOW);
    expect(await refusal(file('2026-06-02T08:01:01Z'))).toEqual({ status: 422, codes: ['X050'] });
    expect(await codes(file('2025-05-01T00:00:00Z'))).toEqual(['X050']);
    expect(await codes(file('not a date'))).toEqual(['X050']);
    expect(fakes.complaints.size).toBe(0);
    await file('2026-06-02T08:01:00Z');
    expect(fakes.complaints.size).toBe(1);
  });
});

describe('the recipient’s own complaints', () => {
  it('lists only their own, newest first, with the brand’s name where known', async () => {
    const { fakes, uc, me } = await setup();
    const phone = await me(PHONE);
    await uc.fileComplaint(
      phone,
      { brandCode: 700011, type: 'MESAJ', receivedAt: RECEIVED, text: 'bir' },
      NOW,
    );
    const later = new Date(NOW.getTime() + 60_000);
    await uc.fileComplaint(
      phone,
      { sender: 'KAMPANYA', type: 'ARAMA', receivedAt: RECEIVED, text: 'iki' },
      later,
    );
    await uc.fileComplaint(
      await me('+905320000000'),
      { brandCode: 700011, type: 'MESAJ', receivedAt: RECEIVED, text: 'başkası' },
      NOW,
    );
    fakes.registry.owners.set(700099, 700001); // owned, but not (yet) in the directory
    await uc.fileComplaint(
      phone,
      { brandCode: 700099, type: 'MESAJ', receivedAt: RECEIVED, text: 'üç' },
      new Date(NOW.getTime() + 30_000),
    );
    const { list } = await uc.myComplaints(phone);
    expect(list.map((c) => c.text)).toEqual(['iki', 'üç', 'bir']);
    expect(list[0]).toEqual({
      complaintId: '00000000-0000-4000-8000-000000000002',
      status: 'RECEIVED',
      type: 'ARAMA',
      sender: 'KAMPANYA',
      receivedAt: '2026-06-01T09:15:00.000Z',
      createdAt: later.toISOString(),
      text: 'iki',
    });
    expect(list[1]).toMatchObject({ brandCode: 700099 });
    expect(list[1]).not.toHaveProperty('brandName');
    expect(list[2]).toMatchObject({ brandCode: 700011, brandName: 'Çiçek Evi' });
    // Nothing of the sealed address or the consent key goes back.
    expect(JSON.stringify(list)).not.toMatch(/adr|ridx|statePk|sealed/);
  });

  it('is empty for a recipient who filed none', async () => {
    const { uc, me } = await setup();
    expect(await uc.myComplaints(await me(EMAIL))).toEqual({ list: [] });
  });
});
