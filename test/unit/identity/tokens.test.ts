import { createPrivateKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derToJose } from '../../../functions/adapters/jwt.js';
import { hashPassword, verifyPassword } from '../../../functions/adapters/passwords.js';
import {
  accessClaims,
  accessTokenSeconds,
  identityFromClaims,
  identityFromContext,
  identityToContext,
  isCurrent,
  refreshClaims,
  refreshTokenSeconds,
} from '../../../functions/domain/identity.js';

describe('token rules (fake clock)', () => {
  const now = 1_800_000_000;
  it('access tokens live 2 h and refresh tokens 4 h', () => {
    expect(accessTokenSeconds).toBe(7200);
    expect(refreshTokenSeconds).toBe(14400);
    const a = accessClaims({ username: 'u', kind: 'HS', iysCode: 1 }, now, 'j');
    expect(a.exp - a.iat).toBe(7200);
    const r = refreshClaims('u', now, 'k');
    expect(r.exp - r.iat).toBe(14400);
  });
  it('is current until the expiry second, not after', () => {
    const a = accessClaims({ username: 'u', kind: 'HS', iysCode: 1 }, now, 'j');
    expect(isCurrent(a, now)).toBe(true);
    expect(isCurrent(a, now + 7199)).toBe(true);
    expect(isCurrent(a, now + 7200)).toBe(false);
    expect(isCurrent(a, now - 3600)).toBe(false); // issued in the future beyond leeway
  });
  it('identity survives the claims and the authorizer context round trips', () => {
    const i = { username: 'int', kind: 'INTEGRATOR' as const, integratorCode: 900001 };
    expect(identityFromClaims(accessClaims(i, now, 'j'))).toEqual(i);
    expect(identityFromContext(identityToContext(i))).toEqual(i);
    expect(identityFromContext({ username: 'x', kind: 'ROOT' })).toBeUndefined();
  });
});

describe('ES256 signature conversion', () => {
  it('turns a DER ECDSA signature into a JOSE r‖s that verifies', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 50; i++) {
      const data = Buffer.from(`message ${i}`);
      const der = sign('sha256', data, createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })));
      const jose = derToJose(der);
      expect(jose.length).toBe(64);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
    }
  });
});

describe('passwords', () => {
  it('are stored as salted scrypt hashes and verify only with the right password', async () => {
    const a = await hashPassword('change-me-1');
    const b = await hashPassword('change-me-1');
    expect(a).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(a).not.toContain('change-me-1');
    expect(a).not.toBe(b);
    expect(await verifyPassword('change-me-1', a)).toBe(true);
    expect(await verifyPassword('change-me-2', a)).toBe(false);
    expect(await verifyPassword('change-me-1', undefined)).toBe(false);
  });
});
