import { describe, expect, it } from 'vitest';
import { authorityUseCases } from '../../../functions/app/authority.js';
import { type Citizen, citizenUseCases } from '../../../functions/app/citizens.js';
import { complaintUseCases } from '../../../functions/app/complaints.js';
import type { Identity } from '../../../functions/domain/identity.js';
import { memoryCitizens } from './citizen-fakes.js';
import { refusal } from './refusal.js';

/**
 * The authority's view over in-memory fakes: complaints filed through the complaint use cases about
 * consents recorded through the consent and recipient use cases, judged against the consent's trail.
 */
const PHONE = '+905321234567';
const ONAY_AT = new Date('2026-05-04T09:00:00Z'); // Monday 12:00 Turkey time
const RET_AT = new Date('2026-05-11T09:00:00Z'); // the next Monday
const NOW = new Date('2026-05-25T07:00:00Z');
const WHO: Identity = { username: 'btk.denetci', kind: 'AUTHORITY' };

async function setup() {
  const fakes = memoryCitizens({ now: ONAY_AT });
  const citizens = citizenUseCases(fakes.citizenPorts);
  const complaints = complaintUseCases(fakes.complaintPorts);
  const uc = authorityUseCases(fakes.authorityPorts);
  const phone: Citizen = { recipient: PHONE, ridx: await fakes.registryIndexOf(PHONE) };
  /** A provider's ONAY, and the stream writing its movement item. */
  const providerOnay = async (brandCode: number, consentDate: string, at: Date) => {
    fakes.mem.setNow(at);
    const r = await fakes.consents.recordConsent(
      { iysCode: 700001, brandCode },
      {
        recipient: PHONE,
        type: 'MESAJ',
        status: 'ONAY',
        source: 'HS_WEB',
        consentDate,
        recipientType: 'BIREYSEL',
      },
      { actor: 'HS', now: at, repeat: { kind: 'v2' } },
    );
    fakes.mem.stream();
    return r;
  };
  const file = (b: { brandCode?: number; sender?: string; receivedAt: string }, at = NOW) =>
    complaints.fileComplaint(phone, { type: 'MESAJ', text: `about ${b.receivedAt}`, ...b }, at);
  return { fakes, citizens, uc, phone, providerOnay, file };
}

/** ONAY by the provider on 4 May, RET by the recipient on the portal on 11 May (brand 700001). */
async function withTrail() {
  const s = await setup();
  const onay = await s.providerOnay(700001, '2026-05-04 12:00:00', ONAY_AT);
  s.fakes.mem.setNow(RET_AT);
  const ret = await s.citizens.changeOwnConsent(
    s.phone,
    { iysCode: 700001, brandCode: 700001, type: 'MESAJ', status: 'RET' },
    'IYS_WEB',
    RET_AT,
  );
  s.fakes.mem.stream();
  return { ...s, onay, ret };
}

describe('the authority’s list of complaints', () => {
  it('judges each message by the consent in force when it arrived, with the whole trail', async () => {
    const { fakes, uc, file, onay, ret } = await withTrail();
    const during = await file({ brandCode: 700001, receivedAt: '2026-05-06T10:00:00Z' });
    const grace = await file(
      { brandCode: 700001, receivedAt: '2026-05-12T10:00:00Z' },
      new Date(NOW.getTime() + 1000),
    );
    const after = await file(
      { brandCode: 700001, receivedAt: '2026-05-20T10:00:00Z' },
      new Date(NOW.getTime() + 2000),
    );
    const { list } = await uc.listForAuthority(WHO, {}, 'req-1', NOW);
    // Newest filed first.
    expect(list.map((c) => c.complaintId)).toEqual([after, grace, during].map((c) => c.complaintId));
    const trail = [
      {
        status: 'ONAY',
        source: 'HS_WEB',
        consentDate: '2026-05-04 12:00:00',
        creationDate: '2026-05-04 12:00:00',
        transactionId: onay.transactionId,
      },
      {
        status: 'RET',
        source: 'IYS_WEB',
        consentDate: '2026-05-11 12:00:00',
        creationDate: '2026-05-11 12:00:00',
        transactionId: ret.transactionId,
      },
    ];
    expect(list[2]).toEqual({
      complaintId: during.complaintId,
      status: 'RECEIVED',
      type: 'MESAJ',
      recipient: PHONE,
      iysCode: 700001,
      providerTitle: 'Fake',
      brandCode: 700001,
      brandName: 'Zeytin Market',
      receivedAt: '2026-05-06T13:00:00+03:00',
      createdAt: NOW.toISOString(),
      text: 'about 2026-05-06T10:00:00Z',
      consentAtMessage: {
        status: 'ONAY',
        verdict: 'CONSENT',
        movement: trail[0],
        recordedAfterMessage: false,
        withinRejectionGrace: false,
      },
      trail,
      history: [{ status: 'RECEIVED', by: 'citizen', at: NOW.toISOString() }],
    });
    // A RET gives the provider 3 business days (Tue 12, Wed 13, Thu 14 May).
    expect(list[1]!.consentAtMessage).toEqual({
      status: 'RET',
      verdict: 'REJECTION_GRACE',
      movement: trail[1],
      recordedAfterMessage: false,
      withinRejectionGrace: true,
      rejectionGraceUntil: '2026-05-15T00:00:00+03:00',
    });
    expect(list[0]!.consentAtMessage).toMatchObject({
      status: 'RET',
      verdict: 'NO_CONSENT',
      withinRejectionGrace: false,
    });
    // One audit line names what was read; the log carries counts, never an address.
    expect(fakes.audit).toEqual([
      {
        at: NOW,
        username: 'btk.denetci',
        action: 'LIST_COMPLAINTS',
        requestId: 'req-1',
        complaintIds: [after, grace, during].map((c) => c.complaintId),
        filter: {},
      },
    ]);
    expect(fakes.logs).toEqual([
      { message: 'authority read', fields: { username: 'btk.denetci', requestId: 'req-1', complaints: 3 } },
    ]);
  });

  it('marks a consent in force at the message but recorded after it', async () => {
    const { uc, providerOnay, file } = await setup();
    // Taken on 5 May, recorded on 7 May (within its 3 business days); the message came on 6 May.
    await providerOnay(700011, '2026-05-05 12:00:00', new Date('2026-05-07T09:00:00Z'));
    await file({ brandCode: 700011, receivedAt: '2026-05-06T10:00:00Z' });
    const [c] = (await uc.listForAuthority(WHO, {}, 'req-2', NOW)).list;
    expect(c!.consentAtMessage).toMatchObject({
      status: 'ONAY',
      verdict: 'CONSENT',
      recordedAfterMessage: true,
    });
  });

  it('a message before any consent, about no consent on file, or naming only a sender: no consent', async () => {
    const { fakes, uc, file } = await withTrail();
    const before = await file({ brandCode: 700001, receivedAt: '2026-05-01T10:00:00Z' });
    const none = await file(
      { brandCode: 700012, receivedAt: '2026-05-06T10:00:00Z' },
      new Date(NOW.getTime() + 1),
    );
    const sender = await file(
      { sender: 'KAMPANYA', receivedAt: '2026-05-06T10:00:00Z' },
      new Date(NOW.getTime() + 2),
    );
    const byId = new Map(
      (await uc.listForAuthority(WHO, {}, 'req-3', NOW)).list.map((c) => [c.complaintId, c]),
    );
    const noConsent = {
      status: 'NONE',
      verdict: 'NO_CONSENT',
      recordedAfterMessage: false,
      withinRejectionGrace: false,
    };
    expect(byId.get(before.complaintId)).toMatchObject({ consentAtMessage: noConsent });
    expect(byId.get(before.complaintId)!.trail).toHaveLength(2);
    expect(byId.get(none.complaintId)).toMatchObject({ consentAtMessage: noConsent, trail: [] });
    const s = byId.get(sender.complaintId)!;
    expect(s).toMatchObject({ consentAtMessage: noConsent, trail: [], sender: 'KAMPANYA' });
    expect(s).not.toHaveProperty('iysCode');
    expect(s).not.toHaveProperty('brandCode');
    expect(fakes.audit[0]!.complaintIds).toHaveLength(3);
  });

  it('shows an address that no longer opens as empty, and unknown names as absent', async () => {
    const { fakes, uc, file } = await withTrail();
    const { complaintId } = await file({ brandCode: 700001, receivedAt: '2026-05-06T10:00:00Z' });
    fakes.complaints.get(complaintId)!.adr = 'garbled';
    fakes.registry.providers.clear();
    fakes.registry.brands.clear();
    const [c] = (await uc.listForAuthority(WHO, {}, 'req-4', NOW)).list;
    expect(c).toMatchObject({ recipient: '', iysCode: 700001, brandCode: 700001 });
    expect(c!.providerTitle).toBeUndefined();
    expect(c!.brandName).toBeUndefined();
    // The trail still reads: it needs no directory and no decryption.
    expect(c!.trail).toHaveLength(2);
  });

  it('passes the filters to the store (instants as UTC ISO, at most 200) and records them in the audit', async () => {
    const { fakes, uc, file } = await withTrail();
    await file({ brandCode: 700001, receivedAt: '2026-05-06T10:00:00Z' });
    const q = {
      status: 'UPHELD' as const,
      from: '2026-05-25T00:00:00+03:00',
      to: '2026-05-26',
      iysCode: 700001,
    };
    expect(await uc.listForAuthority(WHO, q, 'req-5', NOW)).toEqual({ list: [] });
    expect(fakes.listed).toEqual([
      {
        from: '2026-05-24T21:00:00.000Z',
        to: '2026-05-26T00:00:00.000Z',
        status: 'UPHELD',
        iysCode: 700001,
        limit: 200,
      },
    ]);
    expect(fakes.audit[0]).toMatchObject({ action: 'LIST_COMPLAINTS', complaintIds: [], filter: q });
    expect(fakes.logs[0]!.fields.complaints).toBe(0);
    await uc.listForAuthority(WHO, { iysCode: 700002 }, 'req-6', NOW);
    expect(fakes.listed[1]).toEqual({ iysCode: 700002, limit: 200 });
  });
});

describe('the authority changes a complaint’s status', () => {
  it('appends to the history, leaves an audit line and answers the updated view', async () => {
    const { fakes, uc, file } = await withTrail();
    const { complaintId } = await file({ brandCode: 700001, receivedAt: '2026-05-12T10:00:00Z' });
    const at = new Date('2026-05-26T08:00:00Z');
    const v = await uc.updateForAuthority(
      WHO,
      complaintId,
      { status: 'UPHELD', note: 'İleti RET sonrası' },
      'req-7',
      at,
    );
    expect(v.status).toBe('UPHELD');
    expect(v.history).toEqual([
      { status: 'RECEIVED', by: 'citizen', at: NOW.toISOString() },
      { status: 'UPHELD', note: 'İleti RET sonrası', by: 'btk.denetci', at: at.toISOString() },
    ]);
    expect(v.consentAtMessage.verdict).toBe('REJECTION_GRACE');
    expect(fakes.complaints.get(complaintId)!.status).toBe('UPHELD');
    expect(fakes.audit).toEqual([
      {
        at,
        username: 'btk.denetci',
        action: 'SET_STATUS_UPHELD',
        requestId: 'req-7',
        complaintIds: [complaintId],
      },
    ]);
  });

  it('refuses an id that is not a complaint’s (X045) and changes nothing', async () => {
    const { fakes, uc, file } = await withTrail();
    const { complaintId } = await file({ brandCode: 700001, receivedAt: '2026-05-12T10:00:00Z' });
    const patch = { status: 'DISMISSED' as const, note: 'x' };
    expect(await refusal(uc.updateForAuthority(WHO, 'not-a-uuid', patch, 'r', NOW))).toEqual({
      status: 404,
      codes: ['X045'],
    });
    expect(
      await refusal(uc.updateForAuthority(WHO, '00000000-0000-4000-8000-999999999999', patch, 'r', NOW)),
    ).toEqual({ status: 404, codes: ['X045'] });
    expect(fakes.complaints.get(complaintId)!.status).toBe('RECEIVED');
    expect(fakes.audit).toEqual([]);
  });
});
