import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CMS_OID, signDetached } from '../../../functions/domain/evidence/cms.js';
import { compareBytes } from '../../../functions/domain/evidence/der.js';
import { createNodeSigner } from '../../../functions/domain/evidence/signer.js';
import { flipByte, makePki, openssl, type Pki, tempDir, writePki } from './fixture.js';

const content = new TextEncoder().encode(
  'iys.example/sps/654321\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n',
);
const signingTime = new Date('2026-03-01T10:20:30Z');

describe('detached CMS signatures (verified by openssl cms)', () => {
  const t = tempDir();
  let pki: Pki;
  let p7s: Uint8Array;
  const verify = (sig: string, data: string, extra: string[] = ['-purpose', 'any']) =>
    openssl(t.dir, [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      sig,
      '-content',
      data,
      '-CAfile',
      'root.pem',
      '-out',
      '/dev/null',
      ...extra,
    ]);

  beforeAll(async () => {
    pki = await makePki();
    writePki(t, pki);
    p7s = await signDetached(content, { signer: pki.providerSigner, certificate: pki.provider, signingTime });
    t.write('data.txt', content);
    t.write('data.p7s', p7s);
  });
  afterAll(() => t.cleanup());

  it('verifies with -purpose any and with the default S/MIME purpose', () => {
    const a = verify('data.p7s', 'data.txt');
    expect(a.out).toContain('Verification successful');
    expect(a.code).toBe(0);
    const b = verify('data.p7s', 'data.txt', []);
    expect(b.out).toContain('Verification successful');
    expect(b.code).toBe(0);
  });

  it('fails when one byte of the content changes', () => {
    t.write('tampered.txt', flipByte(content, 5));
    const r = verify('data.p7s', 'tampered.txt');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/content verify error|digest failure/i);
  });

  it('fails when one byte of the signature value changes', () => {
    // The ECDSA signature is the last OCTET STRING: flip a byte in its middle.
    t.write('tampered.p7s', flipByte(p7s, p7s.length - 20));
    const r = verify('tampered.p7s', 'data.txt');
    expect(r.code).not.toBe(0);
  });

  it('fails against a different trust anchor', async () => {
    const other = await makePki();
    t.write(
      'other.p7s',
      await signDetached(content, { signer: other.providerSigner, certificate: other.provider, signingTime }),
    );
    const r = verify('other.p7s', 'data.txt');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/certificate verify error|unable to get local issuer/);
  });

  it('carries DER-sorted signed attributes incl. signingCertificateV2, and pkijs verifies it too', async () => {
    const ci = pkijs.ContentInfo.fromBER(p7s);
    expect(ci.contentType).toBe(CMS_OID.signedData);
    const sd = new pkijs.SignedData({ schema: ci.content });
    expect(sd.version).toBe(1);
    expect(sd.encapContentInfo.eContent).toBeUndefined(); // detached
    const attrs = sd.signerInfos[0]?.signedAttrs?.attributes ?? [];
    expect(attrs.map((a) => a.type).sort()).toEqual(
      [CMS_OID.contentType, CMS_OID.messageDigest, CMS_OID.signingTime, CMS_OID.signingCertificateV2].sort(),
    );
    const encoded = attrs.map((a) => new Uint8Array(a.toSchema().toBER()));
    for (let i = 1; i < encoded.length; i++)
      expect(compareBytes(encoded[i - 1] as Uint8Array, encoded[i] as Uint8Array)).toBeLessThan(0);
    const signingTimeAttr = attrs.find((a) => a.type === CMS_OID.signingTime)?.values[0] as asn1js.UTCTime;
    expect(signingTimeAttr.toDate().toISOString()).toBe(signingTime.toISOString());
    const ok = await sd.verify({
      signer: 0,
      data: content.slice().buffer,
      trustedCerts: [pkijs.Certificate.fromBER(pki.root)],
      checkChain: true,
    });
    expect(ok).toBe(true);
  });

  it('refuses to sign with a key that does not match the certificate', async () => {
    await expect(
      signDetached(content, { signer: createNodeSigner(), certificate: pki.provider, signingTime }),
    ).rejects.toThrow(/does not match/);
  });
});
