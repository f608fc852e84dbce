import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSigner } from '../../../functions/domain/evidence/signer.js';
import {
  certificateFingerprint,
  createRootCertificate,
  createTsaCertificate,
  encodeName,
  fromPem,
  fromPemAll,
  parseCertificate,
  toPem,
} from '../../../functions/domain/evidence/x509.js';
import { flipByte, makePki, openssl, type Pki, tempDir, writePki } from './fixture.js';

describe('x509 certificates (verified by openssl)', () => {
  const t = tempDir();
  let pki: Pki;
  beforeAll(async () => {
    pki = await makePki();
    writePki(t, pki);
  });
  afterAll(() => t.cleanup());

  it('root is a self-signed CA that openssl accepts', () => {
    const r = openssl(t.dir, ['verify', '-CAfile', 'root.pem', 'root.pem']);
    expect(r.out).toContain('root.pem: OK');
    expect(r.code).toBe(0);
    const text = openssl(t.dir, ['x509', '-in', 'root.pem', '-noout', '-text']).out;
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toContain('Subject: C = TR, O = IYS Example, CN = IYS Example Evidence Root');
  });

  it('TSA certificate chains to the root, for the timestampsign purpose, with a critical timeStamping EKU', () => {
    const r = openssl(t.dir, ['verify', '-CAfile', 'root.pem', '-purpose', 'timestampsign', 'tsa.pem']);
    expect(r.out).toContain('tsa.pem: OK');
    expect(r.code).toBe(0);
    const text = openssl(t.dir, ['x509', '-in', 'tsa.pem', '-noout', '-text']).out;
    expect(text).toMatch(/Extended Key Usage: critical\s+Time Stamping\s/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature\s/);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
  });

  it('provider certificate chains to the root and suits S/MIME signing', () => {
    const r = openssl(t.dir, ['verify', '-CAfile', 'root.pem', '-purpose', 'smimesign', 'provider.pem']);
    expect(r.out).toContain('provider.pem: OK');
    expect(r.code).toBe(0);
    const text = openssl(t.dir, ['x509', '-in', 'provider.pem', '-noout', '-text']).out;
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).not.toContain('Extended Key Usage');
  });

  it('a tampered certificate or a foreign root fails verification', async () => {
    // Flip a byte inside the subject CN: the DER stays parseable, the root's signature breaks.
    const cnAt = Buffer.from(pki.tsa).indexOf('IYS Example TSA 1');
    expect(cnAt).toBeGreaterThan(0);
    t.write('bad-tsa.pem', toPem(flipByte(pki.tsa, cnAt + 4)));
    const bad = openssl(t.dir, ['verify', '-CAfile', 'root.pem', 'bad-tsa.pem']);
    expect(bad.out).toContain('certificate signature failure');
    expect(bad.code).not.toBe(0);
    const otherRoot = await createRootCertificate(createNodeSigner(), {
      serialNumber: 1n,
      notBefore: new Date(Date.now() - 3600_000),
      notAfter: new Date(Date.now() + 86400_000 * 365),
      subject: { country: 'TR', organization: 'IYS Example', commonName: 'IYS Example Evidence Root' },
    });
    t.write('other-root.pem', toPem(otherRoot));
    const foreign = openssl(t.dir, ['verify', '-CAfile', 'other-root.pem', 'tsa.pem']);
    expect(foreign.code).not.toBe(0);
  });

  it('TBS is deterministic for the same inputs; only the ECDSA signature differs', async () => {
    const signer = createNodeSigner();
    const template = {
      serialNumber: 42n,
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2055-01-01T00:00:00Z'), // GeneralizedTime after 2049
      subject: { commonName: 'Determinism' },
    };
    const a = parseCertificate(await createRootCertificate(signer, template));
    const b = parseCertificate(await createRootCertificate(signer, template));
    expect(Buffer.from(a.tbs).equals(Buffer.from(b.tbs))).toBe(true);
    expect(a.serialNumber).toBe(42n);
    expect(a.notAfter.toISOString()).toBe('2055-01-01T00:00:00.000Z');
    expect(Buffer.from(a.subjectDer).equals(Buffer.from(encodeName(template.subject)))).toBe(true);
  });

  it('refuses an issuer whose signer does not hold the issuer certificate key', async () => {
    await expect(
      createTsaCertificate(
        { signer: createNodeSigner(), certificate: pki.root },
        await pki.tsaSigner.publicKeySpki(),
        {
          serialNumber: 3n,
          notBefore: new Date(),
          notAfter: new Date(Date.now() + 1000_000),
          subject: { commonName: 'x' },
        },
      ),
    ).rejects.toThrow(/does not match/);
    await expect(
      createRootCertificate(createNodeSigner(), {
        serialNumber: 0n,
        notBefore: new Date(),
        notAfter: new Date(Date.now() + 1000),
        subject: { commonName: 'x' },
      }),
    ).rejects.toThrow(/serial/);
  });

  it('PEM round trip and fingerprint', () => {
    const pem = toPem(pki.root) + toPem(pki.tsa);
    expect(Buffer.from(fromPem(pem)).equals(Buffer.from(pki.root))).toBe(true);
    expect(fromPemAll(pem)).toHaveLength(2);
    const fp = openssl(t.dir, ['x509', '-in', 'root.pem', '-noout', '-fingerprint', '-sha256']).out;
    expect(
      fp
        .replace(/[^0-9A-F=]/gi, '')
        .split('=')[1]
        ?.toLowerCase(),
    ).toBe(certificateFingerprint(pki.root));
  });
});
