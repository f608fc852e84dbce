import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../functions/adapters/clock.js';
import { DAILY_HEADER } from '../../functions/domain/evidence/daily.js';
import { startTestSystem, type TestSystem } from './harness.js';

process.env.IYS_SEAL_INTERVAL_SECONDS = '0';
let sys: TestSystem;
let hs: string;
let integrator: string;
let dir: string;
const base = '/sps/700001/brands/700001';
const day = '2026-11-25';

function openssl(args: string[]) {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}
const write = (name: string, data: string | Uint8Array) => writeFileSync(join(dir, name), data);
const tamper = (b: Uint8Array, at = Math.floor(b.length / 2)) => {
  const c = Buffer.from(b);
  c[at] = (c[at] as number) ^ 0x01;
  return c;
};
async function bytes(path: string, token = hs) {
  const r = await fetch(sys.url + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
}
async function add(body: Record<string, unknown>) {
  const r = await sys.call('POST', `${base}/consents`, { token: hs, body });
  expect(r.status, r.text).toBe(200);
  return r.body.transactionId as string;
}
const consent = (recipient: string, over: Record<string, unknown> = {}) => ({
  recipient,
  type: 'EPOSTA',
  source: 'HS_WEB',
  status: 'ONAY',
  consentDate: '2026-11-24 09:00:00',
  recipientType: 'BIREYSEL',
  ...over,
});

/** Moves the clock (tokens live an hour, so log in again). */
async function at(iso: string) {
  setClock(iso);
  hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
  integrator = (await sys.login('entegrator-api', 'change-me-2')).access_token;
}

beforeAll(async () => {
  sys = await startTestSystem({ now: '2026-11-25T00:00:00+03:00' });
  hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
  integrator = (await sys.login('entegrator-api', 'change-me-2')).access_token;
  dir = mkdtempSync(join(tmpdir(), 'iys-daily-it-'));
  write('root.pem', (await sys.call('GET', '/pki/root.pem')).text);
  // The day: movements in several hours, both statuses, the first and the last second of the Turkey day.
  await add(consent('ilk@example.com', { consentDate: '2026-11-24 23:00:00' })); // 00:00:0x
  await at('2026-11-25T10:00:00+03:00');
  await add(consent('b@example.com'));
  await add(consent('a@example.com'));
  await add(consent('+905321112233', { type: 'MESAJ' }));
  await at('2026-11-25T15:30:00+03:00');
  await add(consent('b@example.com', { status: 'RET', consentDate: '2026-11-25 15:00:00' }));
  await add(consent('ticari@example.com', { recipientType: 'TACIR' }));
  await at('2026-11-25T23:59:59+03:00');
  await add(consent('son@example.com'));
  await at('2026-11-26T00:00:01+03:00');
  await add(consent('ertesi@example.com')); // the next day
  await at('2026-11-26T03:00:00+03:00');
  await sys.drain();
  const r = await sys.call('POST', '/local/jobs/daily', { body: { date: day } });
  expect(r.status, r.text).toBe(200);
  expect(r.body.brands).toEqual([
    expect.objectContaining({ iysCode: 700001, brandCode: 700001, rows: 7, signed: true }),
  ]);
}, 120_000);
afterAll(async () => {
  await sys?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('daily file (agreementFile) and reconciliation', () => {
  let csv: Buffer;

  it('serves the day CSV: İYS columns, sorted by creationDate then transactionId, Turkey day bounds', async () => {
    const r = await bytes(`${base}/changes/${day}/file`);
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/csv');
    csv = r.body;
    const text = csv.toString('utf8');
    expect(text.startsWith(DAILY_HEADER)).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    const rows = text
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(rows).toHaveLength(7);
    const keys = rows.map((r) => `${r[0]}|${r[1]}`);
    expect([...keys].sort()).toEqual(keys);
    expect(rows.map((r) => r[2])).toContain('ilk@example.com');
    expect(rows.map((r) => r[2])).toContain('son@example.com');
    expect(rows.map((r) => r[2])).not.toContain('ertesi@example.com');
    expect(rows[rows.length - 1]).toEqual([
      '2026-11-25 23:59:59',
      expect.stringMatching(/^[0-9a-f]{64}$/),
      'son@example.com',
      'BIREYSEL',
      'EPOSTA',
      'ONAY',
      '2026-11-24 09:00:00',
      'HS_WEB',
    ]);
    const ret = rows.find((r) => r[5] === 'RET')!;
    expect(ret.slice(2)).toEqual([
      'b@example.com',
      'BIREYSEL',
      'EPOSTA',
      'RET',
      '2026-11-25 15:00:00',
      'HS_WEB',
    ]);
    write('day.csv', csv);
  });

  it('agreementsDate gives the SHA-384 of the file; agreementDatePut records agreement (true only)', async () => {
    const a = await sys.call('GET', `${base}/agreements/${day}`, { token: hs });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({
      processStatus: 'completed',
      hashValue: createHash('sha384').update(csv).digest('hex'),
      hashMethod: 'SHA384',
      agreementStatus: false,
    });
    const no = await sys.call('PUT', `${base}/agreements/${day}`, {
      token: hs,
      body: { agreementStatus: false },
    });
    expect(no.status).toBe(422);
    expect(no.body.errors[0]).toMatchObject({ code: 'H512', location: ['agreementStatus'] });
    const yes = await sys.call('PUT', `${base}/agreements/${day}`, {
      token: hs,
      body: { agreementStatus: true },
    });
    expect(yes.status).toBe(200);
    expect(yes.body).toEqual({ agreementCaptured: true });
    expect((await sys.call('GET', `${base}/agreements/${day}`, { token: hs })).body.agreementStatus).toBe(
      true,
    );
  });

  it('the .tsr and .p7s of the day file verify with openssl and the root; one changed byte fails each', async () => {
    const tsr = await bytes(`${base}/agreements/${day}/timestamp`);
    expect(tsr.status).toBe(200);
    write('day.tsr', tsr.body);
    const p7s = await bytes(`${base}/changes/${day}/file/signature`);
    expect(p7s.status).toBe(200);
    write('day.p7s', p7s.body);
    expect(
      openssl(['ts', '-verify', '-data', 'day.csv', '-in', 'day.tsr', '-CAfile', 'root.pem']).out,
    ).toContain('Verification: OK');
    const cms = (content: string, sig = 'day.p7s') =>
      openssl([
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        sig,
        '-content',
        content,
        '-CAfile',
        'root.pem',
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ]);
    expect(cms('day.csv').code).toBe(0);
    write('day-bad.csv', tamper(csv));
    expect(
      openssl(['ts', '-verify', '-data', 'day-bad.csv', '-in', 'day.tsr', '-CAfile', 'root.pem']).code,
    ).not.toBe(0);
    expect(cms('day-bad.csv').code).not.toBe(0);
    write('day-bad.tsr', tamper(tsr.body, tsr.body.length - 10));
    expect(
      openssl(['ts', '-verify', '-data', 'day.csv', '-in', 'day-bad.tsr', '-CAfile', 'root.pem']).code,
    ).not.toBe(0);
    write('day-bad.p7s', tamper(p7s.body, p7s.body.length - 5));
    expect(cms('day.csv', 'day-bad.p7s').code).not.toBe(0);
    const cli = (f: string) =>
      spawnSync(
        join(import.meta.dirname, '../../node_modules/.bin/tsx'),
        [
          join(import.meta.dirname, '../../bin/verify.ts'),
          'daily',
          f,
          '--tsr',
          'day.tsr',
          '--p7s',
          'day.p7s',
          '--root',
          'root.pem',
        ],
        { cwd: dir, encoding: 'utf8' },
      );
    const ok = cli('day.csv');
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(cli('day-bad.csv').status).toBe(1);
  }, 60_000);

  it('serves the approvals and rejections lists with their own time stamps and signatures', async () => {
    for (const list of ['approvals', 'rejections'] as const) {
      const f = await bytes(`${base}/changes/${day}/lists/${list}`);
      expect(f.status).toBe(200);
      const rows = f.body.toString().trimEnd().split('\n').slice(1);
      expect(rows.every((r) => r.split(',')[5] === (list === 'approvals' ? 'ONAY' : 'RET'))).toBe(true);
      expect(rows).toHaveLength(list === 'approvals' ? 6 : 1);
      write(`${list}.csv`, f.body);
      write(`${list}.tsr`, (await bytes(`${base}/changes/${day}/lists/${list}/timestamp`)).body);
      write(`${list}.p7s`, (await bytes(`${base}/changes/${day}/lists/${list}/signature`)).body);
      expect(
        openssl(['ts', '-verify', '-data', `${list}.csv`, '-in', `${list}.tsr`, '-CAfile', 'root.pem']).code,
      ).toBe(0);
      const cms = [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        `${list}.p7s`,
        '-CAfile',
        'root.pem',
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ];
      expect(openssl([...cms, '-content', `${list}.csv`]).code).toBe(0);
      write(`${list}-bad.csv`, tamper(f.body));
      expect(openssl([...cms, '-content', `${list}-bad.csv`]).code).not.toBe(0);
      expect(
        openssl(['ts', '-verify', '-data', `${list}-bad.csv`, '-in', `${list}.tsr`, '-CAfile', 'root.pem'])
          .code,
      ).not.toBe(0);
    }
    expect((await bytes(`${base}/changes/${day}/lists/other`)).status).toBe(404);
  });

  it('a day rebuilt twice gives byte-identical CSVs (and fresh signatures when forced)', async () => {
    const tsrBefore = (await bytes(`${base}/agreements/${day}/timestamp`)).body;
    const again = await sys.call('POST', '/local/jobs/daily', { body: { date: day } });
    expect(again.body.brands[0]).toMatchObject({ rows: 7, signed: false }); // unchanged: nothing re-signed
    const forced = await sys.call('POST', '/local/jobs/daily', { body: { date: day, force: true } });
    expect(forced.body.brands[0]).toMatchObject({ rows: 7, signed: true });
    for (const path of ['file', 'lists/approvals', 'lists/rejections']) {
      const first = path === 'file' ? csv : Buffer.from(readFileSync(join(dir, `${path.split('/')[1]}.csv`)));
      expect((await bytes(`${base}/changes/${day}/${path}`)).body.equals(first), path).toBe(true);
    }
    const tsrAfter = (await bytes(`${base}/agreements/${day}/timestamp`)).body;
    expect(tsrAfter.equals(tsrBefore)).toBe(false);
    write('day2.tsr', tsrAfter);
    expect(
      openssl(['ts', '-verify', '-data', 'day.csv', '-in', 'day2.tsr', '-CAfile', 'root.pem']).code,
    ).toBe(0);
    // The agreement given before the rebuild stays.
    expect((await sys.call('GET', `${base}/agreements/${day}`, { token: hs })).body.agreementStatus).toBe(
      true,
    );
  });

  it('changeSummary counts the day per channel and source', async () => {
    const r = await sys.call('GET', `${base}/changes/${day}/recipients/BIREYSEL`, { token: hs });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      changeStats: [
        { type: 'MESAJ', consents: [{ source: 'HS', approval: 1, rejection: 0, pending: 0, total: 1 }] },
        { type: 'EPOSTA', consents: [{ source: 'HS', approval: 4, rejection: 1, pending: 0, total: 5 }] },
      ],
    });
    const t = await sys.call('GET', `${base}/changes/${day}/recipients/TACIR`, { token: hs });
    expect(t.body.changeStats).toEqual([
      { type: 'EPOSTA', consents: [{ source: 'HS', approval: 1, rejection: 0, pending: 0, total: 1 }] },
    ]);
    const bad = await sys.call('GET', `${base}/changes/${day}/recipients/TACIRR`, { token: hs });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].code).toBe('H116');
    // Today's (not built yet) counts come live from the feed.
    const live = await sys.call('GET', `${base}/changes/2026-11-26/recipients/BIREYSEL`, { token: hs });
    expect(live.body.changeStats[0].consents[0].total).toBe(1);
  });

  it('report dates: H501 for a bad date, H502 beyond 7 days, 204 for a day without a file', async () => {
    for (const d of ['25.11.2026', '2026-13-01', '2026-02-30']) {
      const r = await sys.call('GET', `${base}/agreements/${d}`, { token: hs });
      expect(r.status).toBe(422);
      expect(r.body.errors[0]).toMatchObject({ code: 'H501', location: ['reportDate'], value: d });
    }
    const old = await sys.call('GET', `${base}/changes/2026-11-18/file`, { token: hs });
    expect(old.status).toBe(422);
    expect(old.body.errors[0].code).toBe('H502');
    expect((await sys.call('GET', `${base}/changes/2026-11-19/file`, { token: hs })).status).toBe(204);
    expect((await sys.call('GET', `${base}/agreements/2026-11-24`, { token: hs })).status).toBe(204);
    expect((await sys.call('GET', `${base}/agreements/2026-11-24/timestamp`, { token: hs })).status).toBe(
      204,
    );
  });

  it('needs the HS or an integrator with agreementControl', async () => {
    const r = await sys.call('GET', `${base}/agreements/${day}`, { token: integrator });
    expect(r.status).toBe(403);
    expect(r.body.errors[0].code).toBe('H353');
  });
});
