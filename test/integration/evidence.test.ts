import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentClients } from '../../functions/adapters/aws.js';
import { parseCheckpoint } from '../../functions/domain/evidence/checkpoint.js';
import {
  leafHash,
  rootFromInclusionProof,
  verifyConsistency,
} from '../../functions/domain/evidence/merkle.js';
import { readTimeStampResponse } from '../../functions/domain/evidence/tsa.js';
import { startTestSystem, type TestSystem } from './harness.js';

process.env.IYS_SEAL_INTERVAL_SECONDS = '0'; // seal on demand here; the scheduler test turns it on
let sys: TestSystem;
let hs: string;
let other: string;
let dir: string;
const base = '/sps/700001/brands/700001';

function openssl(args: string[]) {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}
const write = (name: string, data: string | Uint8Array) => writeFileSync(join(dir, name), data);
const read = (name: string) => readFileSync(join(dir, name));
/** Flips one bit of one byte (in the middle, or at `at`) of a copy. */
const tamper = (b: Uint8Array, at = Math.floor(b.length / 2)) => {
  const c = Buffer.from(b);
  c[at] = (c[at] as number) ^ 0x01;
  return c;
};

let signs = 0;
instrumentClients((client) =>
  client.middlewareStack.add(
    ((next: (a: unknown) => unknown, ctx: { commandName?: string }) => (a: unknown) => {
      if (ctx.commandName === 'SignCommand') signs++;
      return next(a);
    }) as never,
    { step: 'initialize', name: 'countSigns' } as never,
  ),
);

const consent = (i: number) => ({
  recipient: `kisi${i}@example.com`,
  type: 'EPOSTA',
  source: 'HS_WEB',
  status: 'ONAY',
  consentDate: '2026-11-24 09:00:00',
  recipientType: 'BIREYSEL',
});

async function add(n: number, from: number): Promise<string[]> {
  const txns: string[] = [];
  for (let i = from; i < from + n; i++) {
    const r = await sys.call('POST', `${base}/consents`, { token: hs, body: consent(i) });
    expect(r.status).toBe(200);
    txns.push(r.body.transactionId);
  }
  return txns;
}

async function seal() {
  const r = await sys.call('POST', '/local/jobs/seal');
  expect(r.status).toBe(200);
  return r.body;
}

beforeAll(async () => {
  sys = await startTestSystem({ now: '2026-11-25T10:00:00+03:00' });
  hs = (await sys.login('ornek-api', 'change-me-1')).access_token;
  other = (await sys.login('baska-api', 'change-me-5')).access_token;
  dir = mkdtempSync(join(tmpdir(), 'iys-evidence-it-'));
  for (const [path, name] of [
    ['/pki/root.pem', 'root.pem'],
    ['/pki/tsa.pem', 'tsa.pem'],
    ['/pki/sps/700001.pem', 'sp.pem'],
  ] as const) {
    const r = await sys.call('GET', path);
    expect(r.status, path).toBe(200);
    write(name, r.text);
  }
}, 120_000);
afterAll(async () => {
  await sys?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('registry PKI', () => {
  it('root, TSA and provider certificates verify against the root; a changed byte does not', () => {
    expect(openssl(['verify', '-CAfile', 'root.pem', 'root.pem']).code).toBe(0);
    const tsa = openssl(['verify', '-CAfile', 'root.pem', '-purpose', 'timestampsign', 'tsa.pem']);
    expect(tsa.out).toContain('OK');
    expect(tsa.code).toBe(0);
    expect(openssl(['verify', '-CAfile', 'root.pem', '-purpose', 'smimesign', 'sp.pem']).code).toBe(0);
    const der = openssl(['x509', '-in', 'sp.pem', '-outform', 'DER', '-out', 'sp.der']);
    expect(der.code).toBe(0);
    const raw = read('sp.der');
    write('sp-bad.der', tamper(raw, raw.length - 10)); // inside the signature value
    expect(openssl(['verify', '-CAfile', 'root.pem', '-inform', 'DER', 'sp-bad.der']).code).not.toBe(0);
  });

  it('serves the same certificate on every call; unknown providers get 404', async () => {
    expect((await sys.call('GET', '/pki/root.pem')).text).toBe(read('root.pem').toString());
    expect((await sys.call('GET', '/pki/sps/799999.pem')).status).toBe(404);
    expect((await sys.call('GET', '/pki/sps/abc')).status).toBe(404);
  });
});

describe('RFC 3161 TSA at POST /tsa', () => {
  const post = async (body: Uint8Array, type = 'application/timestamp-query') => {
    const r = await fetch(`${sys.url}/tsa`, { method: 'POST', headers: { 'content-type': type }, body });
    return {
      status: r.status,
      type: r.headers.get('content-type'),
      bytes: new Uint8Array(await r.arrayBuffer()),
    };
  };

  it('answers an openssl query with a token openssl verifies against the root', async () => {
    write('data.txt', 'hello evidence\n');
    expect(openssl(['ts', '-query', '-data', 'data.txt', '-sha256', '-cert', '-out', 'q.tsq']).code).toBe(0);
    const r = await post(read('q.tsq'));
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/timestamp-reply');
    write('r.tsr', r.bytes);
    const v = openssl(['ts', '-verify', '-in', 'r.tsr', '-queryfile', 'q.tsq', '-CAfile', 'root.pem']);
    expect(v.out).toContain('Verification: OK');
    const d = openssl(['ts', '-verify', '-in', 'r.tsr', '-data', 'data.txt', '-CAfile', 'root.pem']);
    expect(d.code).toBe(0);
    write('data-bad.txt', 'hello evidencf\n');
    expect(
      openssl(['ts', '-verify', '-in', 'r.tsr', '-data', 'data-bad.txt', '-CAfile', 'root.pem']).code,
    ).not.toBe(0);
    write('r-bad.tsr', tamper(r.bytes, r.bytes.length - 20));
    expect(
      openssl(['ts', '-verify', '-in', 'r-bad.tsr', '-data', 'data.txt', '-CAfile', 'root.pem']).code,
    ).not.toBe(0);
    const info = readTimeStampResponse(r.bytes);
    expect(info.tstInfo?.policy).toBe('1.3.6.1.4.1.99999.1.1');
    // genTime comes from the injectable clock (2026-11-25 10:00 Turkey time and a few seconds)
    expect(info.tstInfo!.genTime.toISOString().slice(0, 13)).toBe('2026-11-25T07');
  });

  it('gives unique serial numbers', async () => {
    const q = read('q.tsq');
    const serials = new Set<bigint>();
    for (let i = 0; i < 5; i++)
      serials.add(readTimeStampResponse((await post(q)).bytes).tstInfo!.serialNumber);
    expect(serials.size).toBe(5);
  });

  it('rejects malformed queries and unsupported hashes with an RFC 3161 rejection, never a token', async () => {
    for (const body of [
      Uint8Array.of(1, 2, 3),
      new Uint8Array(0),
      new TextEncoder().encode('{"json":true}'),
    ]) {
      const r = await post(body);
      expect(r.status).toBe(200);
      const info = readTimeStampResponse(r.bytes);
      expect(info.status).toBe(2);
      expect(info.tstInfo).toBeUndefined();
    }
    expect(openssl(['ts', '-query', '-data', 'data.txt', '-sha1', '-out', 'sha1.tsq']).code).toBe(0);
    const sha1 = readTimeStampResponse((await post(read('sha1.tsq'))).bytes);
    expect(sha1.status).toBe(2);
    expect(sha1.failureBits).toEqual([0]); // badAlg
  });

  it('refuses a wrong content type with 415 X004', async () => {
    const r = await post(read('q.tsq'), 'application/json');
    expect(r.status).toBe(415);
    expect(JSON.parse(new TextDecoder().decode(r.bytes)).errors[0].code).toBe('X004');
  });
});

describe('per-provider log, checkpoints and receipts', () => {
  let txns: string[] = [];
  let first: { treeSize: number; rootHash: string };

  it('answers 202 before sealing, and 404 for unknown or foreign transactions', async () => {
    txns = await add(5, 0);
    await sys.drain();
    const pending = await sys.call('GET', `${base}/receipts/${txns[0]}`, { token: hs });
    expect(pending.status).toBe(202);
    expect(pending.body).toEqual({
      status: 'PENDING',
      stage: 'NOT_SEALED',
      leafIndex: expect.any(Number),
      expectedBy: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
      retryAfterSeconds: expect.any(Number),
    });
    expect(pending.headers.get('retry-after')).toBe(String(pending.body.retryAfterSeconds));
    expect((await sys.call('GET', `${base}/receipts/${'0'.repeat(64)}`, { token: hs })).status).toBe(404);
    expect(
      (await sys.call('GET', `/sps/700001/brands/700002/receipts/${txns[0]}`, { token: hs })).status,
    ).toBe(404);
    expect((await sys.call('GET', `${base}/receipts/${txns[0]}`, { token: other })).status).toBe(403);
  });

  it('seals with two KMS Sign calls per checkpoint, whatever the number of leaves', async () => {
    const before = signs;
    const r = await seal();
    const sealed = r.checkpoints.filter((c: { sealed: boolean }) => c.sealed);
    expect(sealed).toHaveLength(1);
    expect(sealed[0]).toMatchObject({ iysCode: 700001, from: 0, to: 5 });
    expect(signs - before).toBe(2);
    expect((await seal()).checkpoints).toEqual([]); // nothing new: no checkpoint, no signature
    expect(signs - before).toBe(2);
  });

  it('gives receipts that prove with the library and with openssl; one changed byte fails each', async () => {
    const leaves = new Set<number>();
    for (const txn of txns) {
      const r = await sys.call('GET', `${base}/receipts/${txn}`, { token: hs });
      expect(r.status).toBe(200);
      const rc = r.body;
      leaves.add(rc.leafIndex);
      const record = Buffer.from(rc.record, 'base64');
      expect(JSON.parse(record.toString()).transactionId).toBe(txn);
      const root = rootFromInclusionProof(
        rc.leafIndex,
        rc.treeSize,
        leafHash(record),
        rc.inclusionProof.map((p: string) => Buffer.from(p, 'base64')),
      );
      expect(Buffer.from(root!).equals(Buffer.from(parseCheckpoint(rc.checkpoint).rootHash))).toBe(true);
      const tampered = rootFromInclusionProof(
        rc.leafIndex,
        rc.treeSize,
        leafHash(tamper(record)),
        rc.inclusionProof.map((p: string) => Buffer.from(p, 'base64')),
      );
      expect(Buffer.from(tampered!).equals(Buffer.from(parseCheckpoint(rc.checkpoint).rootHash))).toBe(false);
    }
    expect([...leaves].sort()).toEqual([0, 1, 2, 3, 4]);

    const rc = (await sys.call('GET', `${base}/receipts/${txns[2]}`, { token: hs })).body;
    write('receipt.json', JSON.stringify(rc));
    write('checkpoint.txt', rc.checkpoint);
    write('checkpoint.p7s', Buffer.from(rc.checkpointSignature, 'base64'));
    write('checkpoint.tsr', Buffer.from(rc.checkpointTimestamp, 'base64'));
    const cms = [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      'checkpoint.p7s',
      '-CAfile',
      'root.pem',
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ];
    expect(openssl([...cms, '-content', 'checkpoint.txt']).code).toBe(0);
    expect(
      openssl(['ts', '-verify', '-data', 'checkpoint.txt', '-in', 'checkpoint.tsr', '-CAfile', 'root.pem'])
        .code,
    ).toBe(0);
    write('checkpoint-bad.txt', rc.checkpoint.replace('\n5\n', '\n6\n'));
    expect(openssl([...cms, '-content', 'checkpoint-bad.txt']).code).not.toBe(0);
    expect(
      openssl([
        'ts',
        '-verify',
        '-data',
        'checkpoint-bad.txt',
        '-in',
        'checkpoint.tsr',
        '-CAfile',
        'root.pem',
      ]).code,
    ).not.toBe(0);
    const sig = read('checkpoint.p7s');
    write('checkpoint-bad.p7s', tamper(sig, sig.length - 5));
    expect(
      openssl([
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        'checkpoint-bad.p7s',
        '-content',
        'checkpoint.txt',
        '-CAfile',
        'root.pem',
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ]).code,
    ).not.toBe(0);

    // The CLI verifier: OK with the root; a changed record fails.
    const cli = (file: string) =>
      spawnSync(
        join(import.meta.dirname, '../../node_modules/.bin/tsx'),
        [join(import.meta.dirname, '../../bin/verify.ts'), 'receipt', file, '--root', 'root.pem'],
        { cwd: dir, encoding: 'utf8' },
      );
    const ok = cli('receipt.json');
    expect(ok.stdout + ok.stderr).toContain('verified\n');
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    const bad = { ...rc, record: Buffer.from(tamper(Buffer.from(rc.record, 'base64'))).toString('base64') };
    write('receipt-bad.json', JSON.stringify(bad));
    expect(cli('receipt-bad.json').status).toBe(1);

    const latest = await sys.call('GET', '/sps/700001/checkpoints/latest', { token: hs });
    expect(latest.status).toBe(200);
    expect(latest.body.treeSize).toBe(5);
    first = latest.body;
  }, 120_000);

  it('proves consistency between checkpoints', async () => {
    const more = await add(4, 100);
    await seal();
    const latest = (await sys.call('GET', '/sps/700001/checkpoints/latest', { token: hs })).body;
    expect(latest.treeSize).toBe(9);
    const r = await sys.call('GET', `/sps/700001/checkpoints/consistency?from=5&to=9`, { token: hs });
    expect(r.status).toBe(200);
    expect(r.body.fromRoot).toBe(first.rootHash);
    expect(r.body.toRoot).toBe(latest.rootHash);
    const proof = r.body.proof.map((p: string) => Buffer.from(p, 'base64'));
    expect(
      verifyConsistency(
        5,
        9,
        Buffer.from(first.rootHash, 'base64'),
        Buffer.from(latest.rootHash, 'base64'),
        proof,
      ),
    ).toBe(true);
    expect(
      verifyConsistency(
        5,
        9,
        tamper(Buffer.from(first.rootHash, 'base64')),
        Buffer.from(latest.rootHash, 'base64'),
        proof,
      ),
    ).toBe(false);
    expect(
      (await sys.call('GET', `/sps/700001/checkpoints/consistency?from=5&to=99`, { token: hs })).status,
    ).toBe(422);
    // an earlier receipt now proves against the bigger tree
    const rc = (await sys.call('GET', `${base}/receipts/${more[3]}`, { token: hs })).body;
    expect(rc.treeSize).toBe(9);
  });

  it('logs each movement once even when the stream delivers it again', async () => {
    const { awsLogAppender } = await import('../../functions/wiring/evidence-log.js');
    const { getHead } = await import('../../functions/adapters/evidence-store.js');
    const { feedPartition, feedShards } = await import('../../functions/adapters/consent-store.js');
    const items = [];
    for (let s = 0; s < feedShards(); s++) {
      const { hourBucket } = await import('../../functions/domain/movement.js');
      const hour = hourBucket(Math.floor(Date.parse('2026-11-25T07:00:00Z') / 1000));
      items.push(...(await feedPartition(`F#700001#700001#HS#${hour}#${s}`, '0', '9999999999#g', 100)));
    }
    expect(items.length).toBe(9);
    const before = (await getHead(700001)).size;
    const r = await awsLogAppender().appendMovements(items);
    expect(r.appended).toBe(0);
    expect((await getHead(700001)).size).toBe(before);
  });

  it('a writer that stopped after claiming positions is finished by the next one (no hole, no repeat)', async () => {
    const { awsLogAppender } = await import('../../functions/wiring/evidence-log.js');
    const { appendLeaves } = awsLogAppender();
    const ev = await import('../../functions/adapters/evidence-store.js');
    const { documents } = await import('../../functions/adapters/aws.js');
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { env } = await import('../../functions/adapters/env.js');
    const size = (await ev.getHead(700001)).size;
    const orphan = 'a'.repeat(64);
    // The claim only: chunk item at the head, no index items, head not moved.
    await documents().send(
      new PutCommand({
        TableName: env.evidenceTable(),
        Item: {
          pk: 'L#700001',
          sk: ev.pad(size),
          start: size,
          n: 1,
          h: leafHash(Uint8Array.of(1)),
          t: [[orphan, 'H']],
        },
      }),
    );
    const next = `${orphan.slice(0, 8)}${'b'.repeat(56)}`;
    const leaf = { txn: next, hash: leafHash(Uint8Array.of(2)), group: 'HS' as const };
    expect(await appendLeaves(700001, [leaf])).toBe(1);
    expect((await ev.getTxn(700001, orphan))?.index).toBe(size);
    expect((await ev.getTxn(700001, next))?.index).toBe(size + 1);
    expect((await ev.getHead(700001)).size).toBe(size + 2);
    expect(await appendLeaves(700001, [leaf])).toBe(0); // delivered again: nothing new
    expect((await ev.readLeaves(700001, 0, size + 2)).length).toBe(size + 2);
  });

  it('the local scheduler seals on its own', async () => {
    const { startScheduler } = await import('../../bin/local/scheduler.js');
    process.env.IYS_SEAL_INTERVAL_SECONDS = '1';
    const scheduler = startScheduler({ quiet: true });
    try {
      const [txn] = await add(1, 500);
      await sys.drain();
      let status = 0;
      for (let i = 0; i < 40 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 250));
        status = (await sys.call('GET', `${base}/receipts/${txn}`, { token: hs })).status;
      }
      expect(status).toBe(200);
    } finally {
      await scheduler.stop();
      process.env.IYS_SEAL_INTERVAL_SECONDS = '0';
    }
  }, 60_000);
});
