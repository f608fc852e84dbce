import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { algorithm, bool, ctx, integer, nul, oid, seq, tlv } from '../../../functions/domain/evidence/der.js';
import { createNodeSigner, type Signer } from '../../../functions/domain/evidence/signer.js';
import {
  FAILURE_BITS,
  HASH_ALGORITHMS,
  readTimeStampResponse,
  TimeStampAuthority,
  TSA_POLICY_OID,
} from '../../../functions/domain/evidence/tsa.js';
import { flipByte, makePki, openssl, type Pki, tempDir, writePki } from './fixture.js';

const genTime = new Date('2026-03-01T10:20:30.120Z');
const data = new TextEncoder().encode('approvals-2026-03-01.csv contents\n1,ONAY,MESAJ,+905551112233\n');

/** Hand-built TimeStampReq for cases openssl will not produce. */
function request(opts: {
  version?: number;
  hashOid?: string;
  params?: Uint8Array;
  digest?: Uint8Array;
  policy?: string;
  nonce?: bigint;
  certReq?: boolean;
  extensions?: Uint8Array;
}): Uint8Array {
  const alg = opts.params
    ? seq(oid(opts.hashOid ?? HASH_ALGORITHMS['SHA-256'].oid), opts.params)
    : algorithm(opts.hashOid ?? HASH_ALGORITHMS['SHA-256'].oid);
  const parts = [integer(opts.version ?? 1), seq(alg, tlv(0x04, opts.digest ?? new Uint8Array(32).fill(7)))];
  if (opts.policy) parts.push(oid(opts.policy));
  if (opts.nonce !== undefined) parts.push(integer(opts.nonce));
  if (opts.certReq) parts.push(bool(true));
  if (opts.extensions) parts.push(opts.extensions);
  return seq(...parts);
}

describe('RFC 3161 TSA (verified by openssl ts)', () => {
  const t = tempDir();
  let pki: Pki;
  let tsa: TimeStampAuthority;
  let serial = 1000n;
  const verifyArgs = ['-CAfile', 'root.pem', '-untrusted', 'tsa.pem'];

  beforeAll(async () => {
    pki = await makePki();
    writePki(t, pki);
    t.write('data.csv', data);
    tsa = new TimeStampAuthority({
      signer: pki.tsaSigner,
      certificate: pki.tsa,
      clock: () => genTime,
      serial: () => ++serial,
    });
  });
  afterAll(() => t.cleanup());

  async function answer(query: string, out: string) {
    const res = await tsa.respond(new Uint8Array(readFileSync(join(t.dir, query))));
    t.write(out, res.response);
    return res;
  }

  it('answers an openssl query (nonce, certReq) that openssl ts -verify accepts against the query', async () => {
    const q = openssl(t.dir, ['ts', '-query', '-data', 'data.csv', '-sha256', '-cert', '-out', 'q.tsq']);
    expect(q.code).toBe(0);
    const res = await answer('q.tsq', 'r.tsr');
    expect(res.granted).toBe(true);
    const v = openssl(t.dir, ['ts', '-verify', '-in', 'r.tsr', '-queryfile', 'q.tsq', ...verifyArgs]);
    expect(v.out).toContain('Verification: OK');
    expect(v.code).toBe(0);
    // Also without -untrusted: certReq put the TSA certificate into the token.
    const v2 = openssl(t.dir, [
      'ts',
      '-verify',
      '-in',
      'r.tsr',
      '-queryfile',
      'q.tsq',
      '-CAfile',
      'root.pem',
    ]);
    expect(v2.out).toContain('Verification: OK');
    const text = openssl(t.dir, ['ts', '-reply', '-in', 'r.tsr', '-text']).out;
    expect(text).toContain('Status: Granted.');
    expect(text).toContain(`Policy OID: ${TSA_POLICY_OID}`);
    expect(text).toContain('Time stamp: Mar  1 10:20:30.12 2026 GMT');
    expect(text).toContain('Accuracy: 0x01 seconds');
    expect(text).toMatch(/TSA: DirName:\/?C ?= ?TR/);
  });

  it('echoes the nonce, uses the caller-supplied serial and the injected clock', async () => {
    const res = await tsa.respond(request({ nonce: 0x1234567890abcdefn }), {
      serialNumber: 0xabcdef0123456789n,
    });
    expect(res.granted).toBe(true);
    const info = readTimeStampResponse(res.response);
    expect(info.status).toBe(0);
    expect(info.tstInfo?.nonce).toBe(0x1234567890abcdefn);
    expect(info.tstInfo?.serialNumber).toBe(0xabcdef0123456789n);
    expect(info.tstInfo?.genTime.toISOString()).toBe(genTime.toISOString());
    expect(info.tstInfo?.policy).toBe(TSA_POLICY_OID);
  });

  it('tokens for queries without certReq verify only with -untrusted tsa.pem', async () => {
    expect(openssl(t.dir, ['ts', '-query', '-data', 'data.csv', '-sha512', '-out', 'q2.tsq']).code).toBe(0);
    const res = await answer('q2.tsq', 'r2.tsr');
    expect(res.granted).toBe(true);
    const ok = openssl(t.dir, ['ts', '-verify', '-in', 'r2.tsr', '-queryfile', 'q2.tsq', ...verifyArgs]);
    expect(ok.out).toContain('Verification: OK');
    const noCert = openssl(t.dir, [
      'ts',
      '-verify',
      '-in',
      'r2.tsr',
      '-queryfile',
      'q2.tsq',
      '-CAfile',
      'root.pem',
    ]);
    expect(noCert.code).not.toBe(0);
  });

  it('a changed byte in the data, the query imprint or the token fails verification', async () => {
    expect(
      openssl(t.dir, ['ts', '-query', '-data', 'data.csv', '-sha384', '-cert', '-out', 'q3.tsq']).code,
    ).toBe(0);
    const res = await answer('q3.tsq', 'r3.tsr');
    expect(res.granted).toBe(true);
    expect(openssl(t.dir, ['ts', '-verify', '-in', 'r3.tsr', '-data', 'data.csv', ...verifyArgs]).code).toBe(
      0,
    );
    t.write('data-bad.csv', flipByte(data, 3));
    const badData = openssl(t.dir, [
      'ts',
      '-verify',
      '-in',
      'r3.tsr',
      '-data',
      'data-bad.csv',
      ...verifyArgs,
    ]);
    expect(badData.out).toContain('message imprint mismatch');
    expect(badData.code).not.toBe(0);
    // Flip a byte of the TSTInfo genTime inside the token: the messageDigest attribute no longer matches.
    const resp = res.response;
    const at = Buffer.from(resp).indexOf('20260301102030');
    expect(at).toBeGreaterThan(0);
    t.write('r3-bad.tsr', flipByte(resp, at + 13));
    const badToken = openssl(t.dir, [
      'ts',
      '-verify',
      '-in',
      'r3-bad.tsr',
      '-data',
      'data.csv',
      ...verifyArgs,
    ]);
    expect(badToken.code).not.toBe(0);
    // Flip a byte of the ECDSA signature (the last OCTET STRING of the response).
    t.write('r3-badsig.tsr', flipByte(resp, resp.length - 10));
    expect(
      openssl(t.dir, ['ts', '-verify', '-in', 'r3-badsig.tsr', '-data', 'data.csv', ...verifyArgs]).code,
    ).not.toBe(0);
  });

  it('timestampDigest makes a self-contained token that openssl verifies with -data and -digest', async () => {
    const digest = new Uint8Array(createHash('sha256').update(data).digest());
    const res = await tsa.timestampDigest(digest);
    t.write('own.tsr', res.response);
    t.write('own.tst', res.token);
    const v = openssl(t.dir, ['ts', '-verify', '-data', 'data.csv', '-in', 'own.tsr', '-CAfile', 'root.pem']);
    expect(v.out).toContain('Verification: OK');
    expect(v.code).toBe(0);
    const hex = Buffer.from(digest).toString('hex');
    const tok = openssl(t.dir, [
      'ts',
      '-verify',
      '-token_in',
      '-in',
      'own.tst',
      '-digest',
      hex,
      '-CAfile',
      'root.pem',
    ]);
    expect(tok.out).toContain('Verification: OK');
    t.write('other.csv', flipByte(data, 0));
    const bad = openssl(t.dir, [
      'ts',
      '-verify',
      '-data',
      'other.csv',
      '-in',
      'own.tsr',
      '-CAfile',
      'root.pem',
    ]);
    expect(bad.code).not.toBe(0);
    await expect(tsa.timestampDigest(digest.slice(1))).rejects.toThrow(/32 bytes/);
  });

  it('openssl rejects a token from a TSA certificate outside the trusted root', async () => {
    const other = await makePki();
    const rogue = new TimeStampAuthority({
      signer: other.tsaSigner,
      certificate: other.tsa,
      clock: () => genTime,
    });
    const res = await rogue.timestampDigest(new Uint8Array(createHash('sha256').update(data).digest()));
    t.write('rogue.tsr', res.response);
    const v = openssl(t.dir, [
      'ts',
      '-verify',
      '-data',
      'data.csv',
      '-in',
      'rogue.tsr',
      '-CAfile',
      'root.pem',
    ]);
    expect(v.code).not.toBe(0);
  });

  describe('rejections (status 2, no token, never a throw)', () => {
    const SHA1 = '1.3.14.3.2.26';
    const MD5 = '1.2.840.113549.2.5';
    const cases: [string, () => Uint8Array, keyof typeof FAILURE_BITS][] = [
      ['garbage bytes', () => new TextEncoder().encode('not a request'), 'badDataFormat'],
      ['empty body', () => new Uint8Array(), 'badDataFormat'],
      ['truncated DER', () => request({}).slice(0, 20), 'badDataFormat'],
      ['trailing bytes', () => Uint8Array.from([...request({}), 0]), 'badDataFormat'],
      ['wrong version', () => request({ version: 2 }), 'badDataFormat'],
      ['SHA-1', () => request({ hashOid: SHA1, digest: new Uint8Array(20) }), 'badAlg'],
      ['MD5', () => request({ hashOid: MD5, digest: new Uint8Array(16) }), 'badAlg'],
      ['SHA-256 with odd parameters', () => request({ params: integer(5) }), 'badAlg'],
      ['SHA-256 imprint of 20 bytes', () => request({ digest: new Uint8Array(20) }), 'badDataFormat'],
      [
        'SHA-512 imprint of 32 bytes',
        () => request({ hashOid: HASH_ALGORITHMS['SHA-512'].oid }),
        'badDataFormat',
      ],
      ['foreign policy', () => request({ policy: '1.2.3.4' }), 'unacceptedPolicy'],
      [
        'request extensions',
        () => request({ extensions: ctx(0, seq(oid('1.2.3.4.5'), tlv(0x04, Uint8Array.of(5, 0)))) }), // [0] IMPLICIT Extensions
        'unacceptedExtension',
      ],
    ];
    for (const [name, make, failure] of cases) {
      it(name, async () => {
        const res = await tsa.respond(make());
        expect(res.granted).toBe(false);
        if (res.granted) return;
        expect(res.failure).toBe(failure);
        const info = readTimeStampResponse(res.response);
        expect(info.status).toBe(2);
        expect(info.failureBits).toEqual([FAILURE_BITS[failure]]);
        expect(info.tstInfo).toBeUndefined();
      });
    }

    it('SHA-256 with NULL parameters (as openssl sends) is accepted', async () => {
      expect((await tsa.respond(request({ params: nul() }))).granted).toBe(true);
      expect((await tsa.respond(request({ policy: TSA_POLICY_OID, certReq: true }))).granted).toBe(true);
    });

    it('openssl reads the rejection: an MD5 query from openssl itself', async () => {
      const q = openssl(t.dir, ['ts', '-query', '-data', 'data.csv', '-md5', '-out', 'md5.tsq']);
      expect(q.code).toBe(0);
      const res = await answer('md5.tsq', 'md5.tsr');
      expect(res.granted).toBe(false);
      const text = openssl(t.dir, ['ts', '-reply', '-in', 'md5.tsr', '-text']).out;
      expect(text).toContain('Status: Rejected');
      expect(text).toContain('unrecognized or unsupported algorithm identifier');
      expect(text).toContain('TST info:\nNot included');
      const v = openssl(t.dir, ['ts', '-verify', '-in', 'md5.tsr', '-queryfile', 'md5.tsq', ...verifyArgs]);
      expect(v.code).not.toBe(0);
    });

    it('a failing signer yields systemFailure, not an exception', async () => {
      const broken: Signer = {
        sign: async () => {
          throw new Error('KMS unavailable');
        },
        publicKeySpki: () => pki.tsaSigner.publicKeySpki(),
      };
      const res = await new TimeStampAuthority({ signer: broken, certificate: pki.tsa }).respond(request({}));
      expect(res.granted).toBe(false);
      if (!res.granted) expect(res.failure).toBe('systemFailure');
      const wrongKey = await new TimeStampAuthority({
        signer: createNodeSigner(),
        certificate: pki.tsa,
      }).respond(request({}));
      expect(wrongKey.granted).toBe(false);
    });
  });
});
