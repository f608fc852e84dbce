import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkpointOrigin,
  formatCheckpoint,
  parseCheckpoint,
} from '../../../functions/domain/evidence/checkpoint.js';
import { signDetached } from '../../../functions/domain/evidence/cms.js';
import {
  inclusionProof,
  leafHash,
  rootHash,
  verifyInclusion,
} from '../../../functions/domain/evidence/merkle.js';
import { TimeStampAuthority } from '../../../functions/domain/evidence/tsa.js';
import { makePki, openssl, type Pki, tempDir, writePki } from './fixture.js';

/** The third-party inclusion script, taken verbatim from docs/evidence.md so the docs stay true. */
function docScript(): string {
  const md = readFileSync(new URL('../../../docs/evidence.md', import.meta.url), 'utf8');
  const m = md.match(/```sh\n(#!\/usr\/bin\/env bash\n[\s\S]*?)```/);
  if (!m?.[1]) throw new Error('inclusion script not found in docs/evidence.md');
  return m[1];
}

describe('sealed checkpoint: sign, time-stamp, prove inclusion, verify with openssl only', () => {
  const t = tempDir();
  let pki: Pki;
  const records = Array.from({ length: 11 }, (_, i) =>
    new TextEncoder().encode(
      `{"recipient":"+90555000${String(i).padStart(4, '0')}","status":"ONAY","type":"MESAJ"}`,
    ),
  );
  const hashes = records.map(leafHash);
  const size = records.length;

  beforeAll(async () => {
    pki = await makePki();
    writePki(t, pki);
    const checkpoint = formatCheckpoint({
      origin: checkpointOrigin('654321'),
      treeSize: size,
      rootHash: rootHash(hashes, size),
    });
    const bytes = new TextEncoder().encode(checkpoint);
    t.write('checkpoint.txt', bytes);
    t.write(
      'checkpoint.p7s',
      await signDetached(bytes, {
        signer: pki.providerSigner,
        certificate: pki.provider,
        signingTime: new Date(),
      }),
    );
    const tsa = new TimeStampAuthority({ signer: pki.tsaSigner, certificate: pki.tsa, chain: [pki.root] });
    const stamp = await tsa.timestampDigest(new Uint8Array(createHash('sha256').update(bytes).digest()));
    t.write('checkpoint.tsr', stamp.response);
    t.write('verify-inclusion.sh', docScript());
  });
  afterAll(() => t.cleanup());

  it('checkpoint signature and time stamp verify', () => {
    const sig = openssl(t.dir, [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      'checkpoint.p7s',
      '-content',
      'checkpoint.txt',
      '-CAfile',
      'root.pem',
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(sig.out).toContain('Verification successful');
    const ts = openssl(t.dir, [
      'ts',
      '-verify',
      '-data',
      'checkpoint.txt',
      '-in',
      'checkpoint.tsr',
      '-CAfile',
      'root.pem',
    ]);
    expect(ts.out).toContain('Verification: OK');
  });

  it('every record is provably in the signed checkpoint, by merkle.ts and by the documented shell script', () => {
    const cp = parseCheckpoint(readFileSync(join(t.dir, 'checkpoint.txt')));
    expect(cp.treeSize).toBe(size);
    const rootB64 = Buffer.from(cp.rootHash).toString('base64');
    for (const i of [0, 5, 10]) {
      const proof = inclusionProof(hashes, i, size);
      expect(verifyInclusion(i, size, leafHash(records[i] as Uint8Array), proof, cp.rootHash)).toBe(true);
      t.write(`record-${i}.json`, records[i] as Uint8Array);
      const b64 = proof.map((p) => Buffer.from(p).toString('base64'));
      const run = (file: string, index: number) =>
        spawnSync('bash', ['verify-inclusion.sh', file, String(index), String(size), rootB64, ...b64], {
          cwd: t.dir,
          encoding: 'utf8',
        });
      const good = run(`record-${i}.json`, i);
      expect(good.stdout).toContain('inclusion OK');
      expect(good.status).toBe(0);
      // Wrong index, or a record changed by one character, fails.
      expect(run(`record-${i}.json`, (i + 1) % size).status).not.toBe(0);
      t.write(
        'edited.json',
        new TextEncoder().encode(new TextDecoder().decode(records[i]).replace('ONAY', 'RET')),
      );
      expect(run('edited.json', i).status).not.toBe(0);
    }
  });
});
