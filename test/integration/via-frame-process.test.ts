import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock } from '../../functions/adapters/clock.js';
import { startTestSystem, type TestSystem } from './harness.js';

/**
 * ViA Frame's process requests over HTTP (docs/via-frame.md): start sends the code through the outbox and
 * complete records the consent through the ViA core with source IYS_FRAME_SMS / IYS_FRAME_EPOSTA. Every
 * request must come from the frame's origin with the session's cookie key, CSRF token and current nonce:
 * a replayed nonce, a wrong token or key, and a foreign Origin are refused. The OTP rules (3 minutes on the
 * local clock, 3 tries) are the ViA core's.
 */
let sys: TestSystem;
let token: string;
let uuid: string;
const shop = 'https://magaza.example';

interface Session {
  nonceKey: string;
  cookieKey: string;
  csrfToken: string;
}

beforeAll(async () => {
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  token = (await sys.login('ornek-api', 'change-me-1')).access_token;
  const r = await sys.call('POST', '/sps/700001/via/widgets', {
    token,
    body: {
      name: 'Kampanya izni',
      brandCodes: [700001, 700002],
      etkTypes: ['MESAJ', 'EPOSTA'],
      kvkTypes: ['AYDINLATMA_METNI'],
      recipientType: 'BIREYSEL',
      verificationTypes: ['SMS_OTP', 'EPOSTA_OTP'],
      allowedOrigins: [shop],
      formText: 'Kampanyalarımızdan haberdar olmak için ileti almayı kabul ediyorum.',
      kvkText: 'Kişisel verileriniz 6698 sayılı Kanun uyarınca işlenir.',
    },
  });
  expect(r.status).toBe(201);
  uuid = r.body.widgetUUID;
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

/** What the loader does on the provider's page: publicKey, then load-widget with its nonce. */
async function openSession(): Promise<Session> {
  const nonce = (
    await sys.call('GET', `/widget/publicKey/${uuid}`, { headers: { origin: shop } })
  ).body.message[0].split('|')[0];
  const r = await sys.call('GET', `/widget/load-widget/${uuid}?apinoncekey=${nonce}`, {
    headers: { origin: shop },
  });
  expect(r.status).toBe(200);
  const { nonceKey, cookieKey, csrfToken } = r.body.message;
  return { nonceKey, cookieKey, csrfToken };
}

/** A process request as the frame sends it (its origin is the API's own); the session's nonce moves on. */
async function processCall(
  step: 'start' | 'complete',
  s: Session,
  body: Record<string, unknown>,
  origin: string | null = sys.url,
) {
  const r = await sys.call('POST', `/widget/process/${step}/${uuid}`, {
    body: { cookieKey: s.cookieKey, csrfToken: s.csrfToken, nonceKey: s.nonceKey, ...body },
    headers: origin ? { origin } : {},
  });
  const next = r.headers.get('x-nonce-key');
  if (next) s.nonceKey = next;
  return r;
}

const smsStart = (recipient: string, extra: Record<string, unknown> = {}) => ({
  etkTypes: ['MESAJ'],
  kvkTypes: [],
  recipient,
  verificationType: 'SMS_OTP',
  recipientType: 'BIREYSEL',
  captchaText: '',
  cid: '',
  widgetUUID: uuid,
  citizenName: '',
  ...extra,
});

async function codeSentTo(to: string): Promise<string> {
  const r = await sys.call('GET', '/local/outbox');
  const m = (r.body as { to: string; text: string }[]).filter((x) => x.to === to).pop();
  const code = m && /kodu: (\d{6})/.exec(m.text)?.[1];
  if (!code) throw new Error(`no code sent to ${to}`);
  return code;
}

async function consentOf(recipient: string, type: string, brandCode = 700001) {
  const r = await sys.call('POST', `/sps/700001/brands/${brandCode}/consents/status`, {
    token,
    body: { recipient, recipientType: 'BIREYSEL', type },
  });
  return r;
}

describe('process start and complete', () => {
  it('sends a code and records the consent with source IYS_FRAME_SMS, each answer naming the next nonce', async () => {
    const s = await openSession();
    const first = s.nonceKey;
    const started = await processCall('start', s, smsStart('+905321110001'));
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('SUCCESS');
    expect(started.body.message).toMatchObject({ timeout: 180, recipient: '+905*******01' });
    expect(started.body.message.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(started.body.message.nonceKey).toBe(started.headers.get('x-nonce-key'));
    expect(s.nonceKey).not.toBe(first);
    const code = await codeSentTo('+905321110001');
    const done = await processCall('complete', s, {
      requestId: started.body.message.requestId,
      otpCode: code,
      verificationType: 'SMS_OTP',
      consentType: 'ETK',
    });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ status: 'SUCCESS', message: 'Process completed successfully' });
    for (const brandCode of [700001, 700002]) {
      const c = await consentOf('+905321110001', 'MESAJ', brandCode);
      expect(c.status).toBe(200);
      expect(c.body).toMatchObject({ status: 'ONAY', source: 'IYS_FRAME_SMS', type: 'MESAJ' });
    }
    // Completed once: again is İYS's 409.
    const again = await processCall('complete', s, {
      requestId: started.body.message.requestId,
      otpCode: code,
      verificationType: 'SMS_OTP',
      consentType: 'ETK',
    });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].code).toBe('H1032');
  });

  it('takes one code for ETK and KVK together by e-mail (IYS_FRAME_EPOSTA)', async () => {
    const s = await openSession();
    const started = await processCall(
      'start',
      s,
      smsStart('Zeliha@Ornek.example', {
        etkTypes: ['EPOSTA'],
        kvkTypes: ['AYDINLATMA_METNI'],
        verificationType: 'EPOSTA_OTP',
        citizenName: 'Zeliha Bektaş',
      }),
    );
    expect(started.status).toBe(200);
    const code = await codeSentTo('zeliha@ornek.example');
    // The consents asked at start are the ones completed.
    const wrongType = await processCall('complete', s, {
      requestId: started.body.message.requestId,
      otpCode: code,
      verificationType: 'EPOSTA_OTP',
      consentType: 'ETK',
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors[0]).toMatchObject({ code: 'X096', location: ['consentType'] });
    const done = await processCall('complete', s, {
      requestId: started.body.message.requestId,
      otpCode: code,
      verificationType: 'EPOSTA_OTP',
      consentType: 'ETK_KVK',
    });
    expect(done.status).toBe(200);
    const c = await consentOf('zeliha@ornek.example', 'EPOSTA');
    expect(c.body).toMatchObject({ status: 'ONAY', source: 'IYS_FRAME_EPOSTA' });
  });

  it('refuses a replayed nonce, a wrong CSRF token or cookie key, and a foreign or missing Origin', async () => {
    const s = await openSession();
    const body = smsStart('+905321110002');
    const presented = { ...s };
    const ok = await processCall('start', s, body);
    expect(ok.status).toBe(200);
    // The very same request again: its nonce was spent.
    const replay = await processCall('start', { ...presented }, body);
    expect(replay.status).toBe(403);
    expect(replay.body.errors[0]).toMatchObject({ code: 'X092', location: ['nonceKey'] });
    const badCsrf = await processCall('start', { ...s, csrfToken: 'a'.repeat(64) }, body);
    expect(badCsrf.status).toBe(403);
    expect(badCsrf.body.errors[0]).toMatchObject({ code: 'X093', location: ['csrfToken'] });
    // Another session's CSRF token with this session's key is no better.
    const otherSession = await openSession();
    const mixed = await processCall('start', { ...s, csrfToken: otherSession.csrfToken }, body);
    expect(mixed.body.errors[0]).toMatchObject({ code: 'X093', location: ['csrfToken'] });
    const badKey = await processCall('start', { ...s, cookieKey: 'x'.repeat(43) }, body);
    expect(badKey.status).toBe(403);
    expect(badKey.body.errors[0]).toMatchObject({ code: 'X093', location: ['cookieKey'] });
    const missing = await sys.call('POST', `/widget/process/start/${uuid}`, {
      body: { ...body, nonceKey: s.nonceKey, csrfToken: s.csrfToken },
      headers: { origin: sys.url },
    });
    expect(missing.status).toBe(403);
    expect(missing.body.errors[0].code).toBe('X093');
    // The provider's page itself and any other site are not the frame.
    for (const origin of [shop, 'https://kotu.example', null]) {
      const foreign = await processCall('start', { ...s }, body, origin);
      expect(foreign.status).toBe(403);
      expect(foreign.body.errors[0].code).toBe('X091');
      expect(foreign.headers.get('x-nonce-key')).toBeNull();
    }
    // None of the refusals spent the session's nonce: the frame's next request still works.
    advanceClock(31_000);
    const still = await processCall('start', s, body);
    expect(still.status).toBe(200);
  });

  it('refuses a code after 3 minutes on the local clock, and a 4th try even when right', async () => {
    const s = await openSession();
    const late = await processCall('start', s, smsStart('+905321110003'));
    const lateCode = await codeSentTo('+905321110003');
    advanceClock(3 * 60_000);
    const expired = await processCall('complete', s, {
      requestId: late.body.message.requestId,
      otpCode: lateCode,
      verificationType: 'SMS_OTP',
      consentType: 'ETK',
    });
    expect(expired.status).toBe(400);
    expect(expired.body.errors[0].code).toBe('H1051');

    const started = await processCall('start', s, smsStart('+905321110004'));
    const code = await codeSentTo('+905321110004');
    const wrong = code === '000000' ? '111111' : '000000';
    const complete = (otpCode: string) =>
      processCall('complete', s, {
        requestId: started.body.message.requestId,
        otpCode,
        verificationType: 'SMS_OTP',
        consentType: 'ETK',
      });
    for (let i = 0; i < 3; i++) {
      const r = await complete(wrong);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].code).toBe('H1052');
    }
    const fourth = await complete(code);
    expect(fourth.status).toBe(400);
    expect(fourth.body.errors[0].code).toBe('H1050');
    expect((await consentOf('+905321110004', 'MESAJ')).status).toBe(404);
  });

  it('refuses what the widget does not offer and a request of another session', async () => {
    const s = await openSession();
    const shortUrl = await processCall(
      'start',
      s,
      smsStart('+905321110005', { verificationType: 'SMS_SHORTURL' }),
    );
    expect(shortUrl.status).toBe(400);
    expect(shortUrl.body.errors[0]).toMatchObject({ code: 'X096', location: ['verificationType'] });
    const arama = await processCall('start', s, smsStart('+905321110005', { etkTypes: ['ARAMA'] }));
    expect(arama.body.errors[0]).toMatchObject({ code: 'X096', location: ['etkTypes'], value: 'ARAMA' });
    const noName = await processCall(
      'start',
      s,
      smsStart('+905321110005', { kvkTypes: ['AYDINLATMA_METNI'] }),
    );
    expect(noName.body.errors[0]).toMatchObject({ code: 'X096', location: ['citizenName'] });
    // Every attempt counts toward the captcha (3 a session): a new session for the fourth.
    const badPhone = await processCall('start', await openSession(), smsStart('12345'));
    expect(badPhone.body.errors[0].code).toBe('H1026');

    const other = await openSession();
    const theirs = await processCall('start', other, smsStart('+905321110006'));
    const mine = await processCall('complete', s, {
      requestId: theirs.body.message.requestId,
      otpCode: await codeSentTo('+905321110006'),
      verificationType: 'SMS_OTP',
      consentType: 'ETK',
    });
    expect(mine.status).toBe(404);
    expect(mine.body.errors[0].code).toBe('X097');
  });

  it('asks for a captcha after 3 starts in a session, and a new one after a wrong answer', async () => {
    const s = await openSession();
    for (let i = 0; i < 3; i++) {
      advanceClock(31_000);
      const r = await processCall('start', s, smsStart('+905321110007'));
      expect(r.body.status).toBe('SUCCESS');
    }
    const fourth = await processCall('start', s, smsStart('+905321110007'));
    expect(fourth.status).toBe(200);
    expect(fourth.body.status).toBe('CAPTCHA_REQUIRED');
    expect(fourth.body.message.reason).toBe('MISSING');
    expect(fourth.body.message.captchaImage).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(fourth.body.message.captchaImage.split(',')[1], 'base64').toString('utf8');
    expect(svg).not.toMatch(/<text/);
    const wrong = await processCall(
      'start',
      s,
      smsStart('+905321110007', { cid: fourth.body.message.captchaId, captchaText: 'AAAAAA' }),
    );
    expect(wrong.body.status).toBe('CAPTCHA_REQUIRED');
    expect(wrong.body.message.reason).toBe('WRONG');
    expect(wrong.body.message.captchaId).not.toBe(fourth.body.message.captchaId);
  });
});
