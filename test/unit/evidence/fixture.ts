import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeSigner, type Signer } from '../../../functions/domain/evidence/signer.js';
import {
  CERT_LIFETIME_YEARS,
  createProviderCertificate,
  createRootCertificate,
  createTsaCertificate,
  toPem,
  validityYears,
} from '../../../functions/domain/evidence/x509.js';

/** Runs the real openssl CLI; never throws, so tests can assert on failures too. */
export function openssl(cwd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

export function tempDir(): {
  dir: string;
  write: (name: string, data: Uint8Array | string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'iys-evidence-'));
  return {
    dir,
    write: (name, data) => {
      writeFileSync(join(dir, name), data);
      return name;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Pki {
  rootSigner: Signer;
  tsaSigner: Signer;
  providerSigner: Signer;
  root: Uint8Array;
  tsa: Uint8Array;
  provider: Uint8Array;
}

/** Root + TSA + provider certificates with in-process P-256 keys; validity starts an hour ago. */
export async function makePki(now = new Date()): Promise<Pki> {
  const start = new Date(now.getTime() - 3600_000);
  const rootSigner = createNodeSigner();
  const tsaSigner = createNodeSigner();
  const providerSigner = createNodeSigner();
  const root = await createRootCertificate(rootSigner, {
    serialNumber: 1n,
    ...validityYears(start, CERT_LIFETIME_YEARS.root),
    subject: { country: 'TR', organization: 'IYS Example', commonName: 'IYS Example Evidence Root' },
  });
  const issuer = { signer: rootSigner, certificate: root };
  const tsa = await createTsaCertificate(issuer, await tsaSigner.publicKeySpki(), {
    serialNumber: 2n,
    ...validityYears(start, CERT_LIFETIME_YEARS.tsa),
    subject: { country: 'TR', organization: 'IYS Example', commonName: 'IYS Example TSA 1' },
  });
  const provider = await createProviderCertificate(issuer, await providerSigner.publicKeySpki(), {
    serialNumber: 0x654321n,
    ...validityYears(start, CERT_LIFETIME_YEARS.provider),
    subject: {
      country: 'TR',
      organization: 'IYS Example',
      organizationalUnit: 'SPS 654321',
      commonName: 'SPS 654321 evidence signer',
    },
  });
  return { rootSigner, tsaSigner, providerSigner, root, tsa, provider };
}

export function writePki(t: ReturnType<typeof tempDir>, pki: Pki): void {
  t.write('root.pem', toPem(pki.root));
  t.write('tsa.pem', toPem(pki.tsa));
  t.write('provider.pem', toPem(pki.provider));
}

export const flipByte = (b: Uint8Array, at: number): Uint8Array => {
  const c = b.slice();
  c[at] = (c[at] as number) ^ 0x01;
  return c;
};
