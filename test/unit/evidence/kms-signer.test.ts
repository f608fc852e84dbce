import { createPublicKey, verify } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { KmsSigner } from '../../../functions/adapters/kms-signer.js';
import { signDetached } from '../../../functions/domain/evidence/cms.js';
import { createNodeSigner } from '../../../functions/domain/evidence/signer.js';
import { createRootCertificate, toPem } from '../../../functions/domain/evidence/x509.js';
import { openssl, tempDir } from './fixture.js';

const kmsMock = mockClient(KMSClient);
// A local key plays the KMS key: the mock signs RAW messages with it exactly as KMS would.
const backing = createNodeSigner();
const KEY_ID = 'arn:aws:kms:eu-central-1:111122223333:key/evidence-root';

describe('KmsSigner', () => {
  beforeEach(async () => {
    kmsMock.reset();
    const spki = await backing.publicKeySpki();
    kmsMock.on(GetPublicKeyCommand).resolves({
      KeyId: KEY_ID,
      PublicKey: spki,
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'],
    });
    kmsMock.on(SignCommand).callsFake(async (input: { Message: Uint8Array }) => ({
      KeyId: KEY_ID,
      Signature: await backing.sign(input.Message),
      SigningAlgorithm: 'ECDSA_SHA_256',
    }));
  });
  afterAll(() => kmsMock.restore());

  const signer = () => new KmsSigner(new KMSClient({ region: 'eu-central-1' }), KEY_ID);

  it('signs with MessageType RAW and ECDSA_SHA_256 and returns the DER signature unchanged', async () => {
    const data = new TextEncoder().encode('to be signed');
    const sig = await signer().sign(data);
    const calls = kmsMock.commandCalls(SignCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.KeyId).toBe(KEY_ID);
    expect(input?.MessageType).toBe('RAW');
    expect(input?.SigningAlgorithm).toBe('ECDSA_SHA_256');
    expect(Buffer.from(input?.Message as Uint8Array).equals(Buffer.from(data))).toBe(true);
    expect(sig[0]).toBe(0x30); // DER SEQUENCE
    const key = createPublicKey({
      key: Buffer.from(await backing.publicKeySpki()),
      format: 'der',
      type: 'spki',
    });
    expect(verify('sha256', data, { key, dsaEncoding: 'der' }, sig)).toBe(true);
  });

  it('fetches the public key once and caches it', async () => {
    const s = signer();
    const [a, b] = await Promise.all([s.publicKeySpki(), s.publicKeySpki()]);
    await s.publicKeySpki();
    expect(Buffer.from(a).equals(Buffer.from(await backing.publicKeySpki()))).toBe(true);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
    expect(kmsMock.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
  });

  it('retries the public key after a failure instead of caching the error', async () => {
    kmsMock
      .on(GetPublicKeyCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ PublicKey: await backing.publicKeySpki() });
    const s = signer();
    await expect(s.publicKeySpki()).rejects.toThrow('throttled');
    await expect(s.publicKeySpki()).resolves.toBeInstanceOf(Uint8Array);
  });

  it('refuses keys that cannot do ECDSA_SHA_256 and messages over the RAW limit', async () => {
    kmsMock.on(GetPublicKeyCommand).resolves({ PublicKey: Uint8Array.of(1), KeyUsage: 'ENCRYPT_DECRYPT' });
    await expect(signer().publicKeySpki()).rejects.toThrow(/not a signing key/);
    await expect(signer().sign(new Uint8Array(4097))).rejects.toThrow(/4096/);
    expect(kmsMock.commandCalls(SignCommand)).toHaveLength(0);
  });

  it('surfaces KMS errors and empty responses', async () => {
    kmsMock.on(SignCommand).rejects(new Error('AccessDeniedException'));
    await expect(signer().sign(Uint8Array.of(1))).rejects.toThrow('AccessDeniedException');
    kmsMock.on(SignCommand).resolves({});
    await expect(signer().sign(Uint8Array.of(1))).rejects.toThrow(/no signature/);
  });

  it('produces certificates and CMS signatures openssl accepts', async () => {
    const t = tempDir();
    try {
      const s = signer();
      const root = await createRootCertificate(s, {
        serialNumber: 7n,
        notBefore: new Date(Date.now() - 3600_000),
        notAfter: new Date(Date.now() + 20 * 365 * 86400_000),
        subject: { commonName: 'KMS-backed root' },
      });
      t.write('root.pem', toPem(root));
      expect(openssl(t.dir, ['verify', '-CAfile', 'root.pem', 'root.pem']).code).toBe(0);
      // The root key signing a document directly is not the production profile, but it proves the
      // KMS signature bytes are valid CMS signatures end to end.
      const data = new TextEncoder().encode('hello');
      t.write('d.txt', data);
      t.write('d.p7s', await signDetached(data, { signer: s, certificate: root, signingTime: new Date() }));
      const v = openssl(t.dir, [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        'd.p7s',
        '-content',
        'd.txt',
        '-CAfile',
        'root.pem',
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ]);
      expect(v.out).toContain('Verification successful');
    } finally {
      t.cleanup();
    }
  });
});
