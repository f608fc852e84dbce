import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, clock } from '../../functions/adapters/clock.js';
import { listAudit } from '../../functions/adapters/complaint-store.js';
import { citizenSession } from './citizen-helpers.js';
import { startTestSystem, type TestSystem } from './harness.js';

let sys: TestSystem;
let ornek: string;
let authority: string;
const phone = '+905327778899';
let before: string;
let after: string;
let retAt: number;

beforeAll(async () => {
  sys = await startTestSystem({ now: '2026-11-23T10:00:00+03:00' }); // a Monday
  ornek = (await sys.login('ornek-api', 'change-me-1')).access_token;
  const r = await sys.call('POST', '/sps/700001/brands/700001/consents', {
    token: ornek,
    body: {
      recipient: phone,
      type: 'MESAJ',
      source: 'HS_WEB',
      status: 'ONAY',
      consentDate: '2026-11-20 09:00:00',
      recipientType: 'BIREYSEL',
    },
  });
  expect(r.status).toBe(200);
  advanceClock(3600_000); // 11:00: the recipient rejects
  const token = await citizenSession(sys, phone);
  retAt = clock.now().getTime();
  expect(
    (
      await sys.call('POST', '/citizen/consents', {
        token,
        body: { iysCode: 700001, brandCode: 700001, type: 'MESAJ', status: 'RET' },
      })
    ).status,
  ).toBe(200);
  await sys.drain();
  advanceClock(6 * 86400_000); // the next Sunday: file two complaints
  const t2 = await citizenSession(sys, phone);
  before = (
    await sys.call('POST', '/citizen/complaints', {
      token: t2,
      body: {
        brandCode: 700001,
        type: 'MESAJ',
        receivedAt: new Date(retAt - 1800_000).toISOString(),
        text: 'Önce gelen <i>ileti</i>',
      },
    })
  ).body.complaintId;
  after = (
    await sys.call('POST', '/citizen/complaints', {
      token: t2,
      body: {
        brandCode: 700001,
        type: 'MESAJ',
        receivedAt: new Date(retAt + 5 * 86400_000).toISOString(),
        text: 'Retten sonra gelen ileti',
      },
    })
  ).body.complaintId;
  authority = (await sys.login('bakanlik', 'change-me-4')).access_token;
});
afterAll(async () => sys?.stop());

describe('authority', () => {
  it('only the AUTHORITY role reads complaints', async () => {
    ornek = (await sys.login('ornek-api', 'change-me-1')).access_token;
    expect((await sys.call('GET', '/authority/complaints', { token: ornek })).body.errors[0].code).toBe(
      'H363',
    );
    expect((await sys.call('GET', '/authority/complaints')).status).toBe(401);
  });

  it('shows ONAY for a message before the RET and RET (outside the 3 business days) for one after', async () => {
    const r = await sys.call('GET', '/authority/complaints', { token: authority });
    expect(r.status).toBe(200);
    const b = r.body.list.find((c: { complaintId: string }) => c.complaintId === before);
    const a = r.body.list.find((c: { complaintId: string }) => c.complaintId === after);
    expect(b.consentAtMessage).toMatchObject({
      status: 'ONAY',
      verdict: 'CONSENT',
      movement: { source: 'HS_WEB', consentDate: '2026-11-20 09:00:00' },
    });
    expect(a.consentAtMessage).toMatchObject({
      status: 'RET',
      verdict: 'NO_CONSENT',
      withinRejectionGrace: false,
      movement: { source: 'IYS_WEB' },
    });
    expect(a.consentAtMessage.rejectionGraceUntil).toBe('2026-11-27T00:00:00+03:00');
    expect(a.trail.map((m: { status: string }) => m.status)).toEqual(['ONAY', 'RET']);
    expect(a.trail[1].creationDate).toMatch(/^2026-11-23 11:00:0\d$/);
    expect(a).toMatchObject({ recipient: phone, brandName: 'Örnek', text: 'Retten sonra gelen ileti' });
    expect(b.text).toBe('Önce gelen <i>ileti</i>');
  });

  it('filters, changes statuses with a note, and audit-logs every read', async () => {
    const p = await sys.call('PATCH', `/authority/complaints/${after}`, {
      token: authority,
      body: { status: 'UPHELD', note: 'İhlal tespit edildi.' },
    });
    expect(p.status).toBe(200);
    expect(p.body.history.at(-1)).toMatchObject({
      status: 'UPHELD',
      note: 'İhlal tespit edildi.',
      by: 'bakanlik',
    });
    const missing = await sys.call('PATCH', '/authority/complaints/00000000-0000-0000-0000-000000000000', {
      token: authority,
      body: { status: 'UPHELD', note: 'x' },
    });
    expect(missing.body.errors[0].code).toBe('X045');
    const upheld = await sys.call('GET', '/authority/complaints?status=UPHELD', { token: authority });
    expect(upheld.body.list.map((c: { complaintId: string }) => c.complaintId)).toEqual([after]);
    expect(
      (await sys.call('GET', '/authority/complaints?iysCode=700100', { token: authority })).body.list,
    ).toEqual([]);
    const audit = await listAudit(clock.now().toISOString().slice(0, 10));
    const reads = audit.filter((e) => e.action === 'LIST_COMPLAINTS');
    expect(reads.length).toBe(3);
    expect(
      audit.some((e) => e.action === 'SET_STATUS_UPHELD' && (e.complaintIds as string[])[0] === after),
    ).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(phone);
  });

  it('a message inside the 3 business days after a RET is marked as within the grace period', async () => {
    const { stateAt } = await import('../../functions/domain/complaints.js');
    const s = stateAt(
      [
        { status: 'ONAY', cd: retAt - 86400_000, cr: 1, transactionId: 'a' },
        { status: 'RET', cd: retAt, cr: retAt / 1000, transactionId: 'b' },
      ],
      retAt + 86400_000,
    );
    expect(s).toMatchObject({ status: 'RET', verdict: 'REJECTION_GRACE', withinRejectionGrace: true });
  });
});
