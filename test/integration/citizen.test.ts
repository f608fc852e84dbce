import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, clock } from '../../functions/adapters/clock.js';
import { citizenSession, lastCode } from './citizen-helpers.js';
import { startTestSystem, type TestSystem } from './harness.js';

let sys: TestSystem;
let ornek: string;
let baska: string;
const phone = '+905321234567';

beforeAll(async () => {
  process.env.IYS_PULL_LAG_SECONDS = '0';
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  ornek = (await sys.login('ornek-api', 'change-me-1')).access_token;
  baska = (await sys.login('baska-api', 'change-me-5')).access_token;
  for (const [token, path] of [
    [ornek, '/sps/700001/brands/700001'],
    [baska, '/sps/700100/brands/700100'],
  ] as const) {
    const r = await sys.call('POST', `${path}/consents`, {
      token,
      body: {
        recipient: phone,
        type: 'MESAJ',
        source: 'HS_WEB',
        status: 'ONAY',
        consentDate: '2026-11-24 09:00:00',
        recipientType: 'BIREYSEL',
      },
    });
    expect(r.status).toBe(200);
  }
  await sys.drain();
});
afterAll(async () => sys?.stop());

describe('address ownership', () => {
  it('answers the same 202 whether or not the address holds consents (no enumeration)', async () => {
    const a = await sys.call('POST', '/citizen/verifications', { body: { recipient: phone } });
    const b = await sys.call('POST', '/citizen/verifications', { body: { recipient: '+905339998877' } });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(a.body).toEqual(b.body);
    expect(await lastCode(sys, phone)).toMatch(/^\d{6}$/);
    expect(await lastCode(sys, '+905339998877')).toMatch(/^\d{6}$/);
  });

  it('refuses a resend within 30 s, then a resend replaces the code', async () => {
    const first = await lastCode(sys, phone);
    const again = await sys.call('POST', '/citizen/verifications', { body: { recipient: phone } });
    expect(again.status).toBe(429);
    expect(again.body.errors[0].code).toBe('X041');
    advanceClock(31_000);
    expect((await sys.call('POST', '/citizen/verifications', { body: { recipient: phone } })).status).toBe(
      202,
    );
    const second = await lastCode(sys, phone);
    if (second !== first) {
      const old = await sys.call('POST', '/citizen/sessions', { body: { recipient: phone, code: first } });
      expect(old.status).toBe(401);
    }
  });

  it('refuses a brute force: after 3 wrong codes even the right one fails', async () => {
    advanceClock(31_000);
    await sys.call('POST', '/citizen/verifications', { body: { recipient: phone } });
    const code = (await lastCode(sys, phone))!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 3; i++) {
      const r = await sys.call('POST', '/citizen/sessions', { body: { recipient: phone, code: wrong } });
      expect(r.status).toBe(401);
      expect(r.body.errors[0].code).toBe('X040');
    }
    const right = await sys.call('POST', '/citizen/sessions', { body: { recipient: phone, code } });
    expect(right.status).toBe(401);
    expect(right.body.errors[0].code).toBe('X040');
  });

  it('a code expires after 3 minutes and works only once', async () => {
    advanceClock(31_000);
    await sys.call('POST', '/citizen/verifications', { body: { recipient: phone } });
    const code = (await lastCode(sys, phone))!;
    advanceClock(181_000);
    expect((await sys.call('POST', '/citizen/sessions', { body: { recipient: phone, code } })).status).toBe(
      401,
    );
    await sys.call('POST', '/citizen/verifications', { body: { recipient: phone } });
    const fresh = (await lastCode(sys, phone))!;
    const ok = await sys.call('POST', '/citizen/sessions', { body: { recipient: phone, code: fresh } });
    expect(ok.status).toBe(200);
    expect(ok.body.token.split('.')).toHaveLength(3);
    const twice = await sys.call('POST', '/citizen/sessions', { body: { recipient: phone, code: fresh } });
    expect(twice.status).toBe(401);
  });

  it('refuses a missing, tampered, expired or provider token', async () => {
    advanceClock(3600_000); // a new hour: the per-address limit (5 codes an hour) was used up above
    const token = await citizenSession(sys, phone);
    expect((await sys.call('GET', '/citizen/consents')).status).toBe(401);
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 3600 })).toString('base64url')}.${s}`;
    expect((await sys.call('GET', '/citizen/consents', { token: forged })).body.errors[0].code).toBe('X042');
    expect((await sys.call('GET', '/citizen/consents', { token: ornek })).status).toBe(401);
    // A citizen token is not an access token either.
    expect((await sys.call('GET', '/sps/700001/brands', { token })).status).toBe(401);
    advanceClock(901_000);
    expect((await sys.call('GET', '/citizen/consents', { token })).status).toBe(401);
  });
});

describe('citizen consents', () => {
  let token: string;
  beforeAll(async () => {
    advanceClock(3600_000);
    token = await citizenSession(sys, phone);
  });

  it('lists consents from two providers with brand names', async () => {
    const r = await sys.call('GET', '/citizen/consents', { token });
    expect(r.status).toBe(200);
    expect(r.body.list).toHaveLength(2);
    expect(r.body.list.map((c: { brandName: string }) => c.brandName).sort()).toEqual(['Başka', 'Örnek']);
    expect(r.body.list[0]).toMatchObject({
      type: 'MESAJ',
      status: 'ONAY',
      source: 'HS_WEB',
      consentDate: '2026-11-24 09:00:00',
    });
  });

  it('a rejection reaches the provider feed with source IYS_WEB (IYS_MOBIL from the app)', async () => {
    const r = await sys.call('POST', '/citizen/consents', {
      token,
      body: { iysCode: 700100, brandCode: 700100, type: 'MESAJ', status: 'RET' },
    });
    expect(r.status).toBe(200);
    advanceClock(2000);
    const again = await sys.call('POST', '/citizen/consents', {
      token,
      body: { iysCode: 700100, brandCode: 700100, type: 'MESAJ', status: 'RET' },
    });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].code).toBe('H174');
    advanceClock(2000);
    const back = await sys.call('POST', '/citizen/consents', {
      token,
      headers: { 'x-channel': 'mobile' },
      body: { iysCode: 700100, brandCode: 700100, type: 'MESAJ', status: 'ONAY' },
    });
    expect(back.status).toBe(200);
    advanceClock(2000);
    await sys.drain(); // time passes and the system catches up (the feed's watermark with it)
    baska = (await sys.login('baska-api', 'change-me-5')).access_token; // the clock moved hours on
    const feed = await sys.call('GET', '/sps/700100/brands/700100/consents/changes?source=IYS', {
      token: baska,
    });
    expect(feed.status).toBe(200);
    expect(feed.body.list.map((m: { source: string; status: string }) => `${m.source}:${m.status}`)).toEqual([
      'IYS_WEB:RET',
      'IYS_MOBIL:ONAY',
    ]);
    expect(feed.body.list[0].recipient).toBe(phone);
  });

  it('refuses a change of a consent that does not exist and a channel that does not fit', async () => {
    const none = await sys.call('POST', '/citizen/consents', {
      token,
      body: { iysCode: 700001, brandCode: 700002, type: 'MESAJ', status: 'RET' },
    });
    expect(none.status).toBe(404);
    expect(none.body.errors[0].code).toBe('X044');
    const channel = await sys.call('POST', '/citizen/consents', {
      token,
      body: { iysCode: 700001, brandCode: 700001, type: 'EPOSTA', status: 'RET' },
    });
    expect(channel.status).toBe(422);
    expect(channel.body.errors[0].code).toBe('H464');
  });

  it('adds a brand first-hand: IYS_WEB_YENI with citizenName only in that brand feed', async () => {
    const name = '<b>Ayşe</b> "Yılmaz"';
    const r = await sys.call('POST', '/citizen/brands', {
      token,
      body: { brandCode: 700002, type: 'MESAJ', citizenName: name },
    });
    expect(r.status).toBe(201);
    const dup = await sys.call('POST', '/citizen/brands', {
      token,
      body: { brandCode: 700002, type: 'MESAJ' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].code).toBe('X043');
    const long = await sys.call('POST', '/citizen/brands', {
      token,
      body: { brandCode: 700001, type: 'ARAMA', citizenName: 'x'.repeat(101) },
    });
    expect(long.status).toBe(422);
    advanceClock(2000);
    await sys.drain(); // time passes and the system catches up (the feed's watermark with it)
    ornek = (await sys.login('ornek-api', 'change-me-1')).access_token;
    const feed = await sys.call('GET', '/sps/700001/brands/700002/consents/changes?source=IYS', {
      token: ornek,
    });
    expect(feed.body.list).toHaveLength(1);
    expect(feed.body.list[0]).toMatchObject({ source: 'IYS_WEB_YENI', status: 'ONAY', citizenName: name });
    const other = await sys.call('GET', '/sps/700001/brands/700001/consents/changes?source=IYS', {
      token: ornek,
    });
    expect(other.status).toBe(204);
  });

  it('files and lists complaints, texts stored as given', async () => {
    const text = '<script>alert(1)</script> izinsiz SMS';
    const receivedAt = new Date(clock.now().getTime() - 3600_000).toISOString();
    const r = await sys.call('POST', '/citizen/complaints', {
      token,
      body: { brandCode: 700001, type: 'MESAJ', receivedAt, text },
    });
    expect(r.status).toBe(201);
    const bySender = await sys.call('POST', '/citizen/complaints', {
      token,
      body: { sender: 'Örnek', type: 'MESAJ', receivedAt, text: 'x' },
    });
    expect(bySender.status).toBe(201);
    const none = await sys.call('POST', '/citizen/complaints', {
      token,
      body: { type: 'MESAJ', receivedAt, text: 'x' },
    });
    expect(none.body.errors[0].code).toBe('X051');
    const future = await sys.call('POST', '/citizen/complaints', {
      token,
      body: {
        brandCode: 700001,
        type: 'MESAJ',
        receivedAt: new Date(clock.now().getTime() + 86400_000).toISOString(),
        text: 'x',
      },
    });
    expect(future.body.errors[0].code).toBe('X050');
    const tooLong = await sys.call('POST', '/citizen/complaints', {
      token,
      body: { brandCode: 700001, type: 'MESAJ', receivedAt, text: 'y'.repeat(2001) },
    });
    expect(tooLong.body.errors[0].code).toBe('X049');
    const list = await sys.call('GET', '/citizen/complaints', { token });
    expect(list.body.list).toHaveLength(2);
    const first = list.body.list.find((c: { complaintId: string }) => c.complaintId === r.body.complaintId);
    expect(first).toMatchObject({ text, status: 'RECEIVED', brandName: 'Örnek' });
    expect(list.body.list.find((c: { sender?: string }) => c.sender === 'Örnek').brandCode).toBe(700001);
  });

  it('limits code requests per source IP', async () => {
    let refused = 0;
    for (let i = 0; i < 25; i++) {
      const r = await sys.call('POST', '/citizen/verifications', {
        body: { recipient: `+9053312345${String(i).padStart(2, '0')}` },
      });
      if (r.status === 429) refused++;
    }
    expect(refused).toBeGreaterThan(0);
  });
});
