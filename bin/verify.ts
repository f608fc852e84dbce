#!/usr/bin/env -S npx tsx
/**
 * Offline verifier for the registry's evidence, trusting only a root certificate you obtained yourself:
 *
 *   npx tsx bin/verify.ts receipt <receipt.json> --root root.pem
 *   npx tsx bin/verify.ts daily <file.csv> --tsr <file.tsr> --p7s <file.p7s> --root root.pem
 *
 * receipt: the record's leaf hash and inclusion proof give the checkpoint's root (RFC 9162), the checkpoint
 * carries the provider's CMS signature and an RFC 3161 time stamp, and both chain to the root.
 * daily: the file's SHA-384 is the time-stamped imprint, and the CMS signature covers the file.
 * Exit code 0 when everything holds, 1 otherwise (each check is printed). The README shows the same
 * checks with openssl only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseCheckpoint } from '../functions/domain/evidence/checkpoint.js';
import { parseOne, rawBytes } from '../functions/domain/evidence/der.js';
import { leafHash, rootFromInclusionProof } from '../functions/domain/evidence/merkle.js';
import { readTimeStampResponse } from '../functions/domain/evidence/tsa.js';
import { fromPem, fromPemAll } from '../functions/domain/evidence/x509.js';

const HASH_BY_OID: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

// A copy: a Buffer from readFileSync may be a view into a larger pool.
const ab = (b: Uint8Array): ArrayBuffer => Uint8Array.from(b).buffer as ArrayBuffer;
const cert = (der: Uint8Array) => pkijs.Certificate.fromBER(ab(der));

/** CMS SignedData signature (and chain to `root`); `content` for a detached signature. */
async function verifySignedData(
  der: Uint8Array,
  root: Uint8Array,
  extra: Uint8Array[],
  content?: Uint8Array,
) {
  const info = new pkijs.ContentInfo({ schema: parseOne(der) });
  const sd = new pkijs.SignedData({ schema: info.content });
  if (extra.length) sd.certificates = [...(sd.certificates ?? []), ...extra.map(cert)];

  const r = await sd.verify({
    signer: 0,
    trustedCerts: [cert(root)],
    checkChain: true,
    extendedMode: true,
    ...(content ? { data: ab(content) } : {}),
  });
  return r.signatureVerified === true && r.code === 14;
}

async function verifyTimeStamp(
  tsr: Uint8Array,
  data: Uint8Array,
  root: Uint8Array,
): Promise<string | undefined> {
  const info = readTimeStampResponse(tsr);
  if (info.status !== 0 || !info.tstInfo) return 'time stamp was not granted';
  const alg = HASH_BY_OID[info.tstInfo.hashAlgorithm];
  if (!alg) return `unknown imprint algorithm ${info.tstInfo.hashAlgorithm}`;
  const digest = createHash(alg).update(data).digest();
  if (!digest.equals(Buffer.from(info.tstInfo.hashedMessage))) return 'message imprint mismatch';
  // The token's own bytes (re-encoding through pkijs would change them).
  const top = parseOne(tsr) as asn1js.Sequence;
  const token = top.valueBlock.value[1];
  if (!token) return 'no time-stamp token';
  // For a TSTInfo, pkijs checks the imprint against `data` (the stamped data itself) too.
  const ok = await verifySignedData(rawBytes(token), root, [], data).catch(() => false);
  if (!ok) return 'time-stamp token signature or chain invalid';
  return undefined;
}

type Check = [string, boolean | Promise<boolean>];

async function report(checks: Check[]): Promise<boolean> {
  let all = true;
  for (const [name, p] of checks) {
    const ok = await Promise.resolve(p).catch(() => false);
    all &&= ok;
    process.stdout.write(`${ok ? 'OK  ' : 'FAIL'} ${name}\n`);
  }
  process.stdout.write(all ? 'verified\n' : 'NOT verified\n');
  return all;
}

export async function verifyReceipt(receipt: Record<string, unknown>, rootPem: string): Promise<boolean> {
  const root = fromPem(rootPem);
  const r = receipt as {
    record: string;
    leafIndex: number;
    treeSize: number;
    inclusionProof: string[];
    checkpoint: string;
    checkpointSignature: string;
    checkpointTimestamp: string;
    certificates: string[];
  };
  const record = Buffer.from(r.record, 'base64');
  const cp = parseCheckpoint(r.checkpoint);
  const computed = rootFromInclusionProof(
    r.leafIndex,
    r.treeSize,
    leafHash(record),
    r.inclusionProof.map((p) => Buffer.from(p, 'base64')),
  );
  const text = new TextEncoder().encode(r.checkpoint);
  const chain = r.certificates.flatMap((p) => fromPemAll(p));
  const stamp = verifyTimeStamp(Buffer.from(r.checkpointTimestamp, 'base64'), text, root);
  return report([
    ['checkpoint size equals the receipt tree size', cp.treeSize === r.treeSize],
    [
      'inclusion proof leads to the checkpoint root (RFC 9162)',
      !!computed && Buffer.from(computed).equals(cp.rootHash),
    ],
    [
      'checkpoint CMS signature, chained to the root',
      verifySignedData(Buffer.from(r.checkpointSignature, 'base64'), root, chain, text),
    ],
    ['checkpoint RFC 3161 time stamp, chained to the root', stamp.then((e) => e === undefined)],
  ]);
}

export async function verifyDaily(csv: Uint8Array, tsr: Uint8Array, p7s: Uint8Array, rootPem: string) {
  const root = fromPem(rootPem);
  return report([
    [
      'RFC 3161 time stamp over the file, chained to the root',
      verifyTimeStamp(tsr, csv, root).then((e) => e === undefined),
    ],
    ['CMS signature over the file, chained to the root', verifySignedData(p7s, root, [], csv)],
  ]);
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, file, ...rest] = argv;
  const rootFile = arg(rest, '--root');
  if (!cmd || !file || !rootFile) {
    process.stderr.write(
      'usage: verify.ts receipt <receipt.json> --root root.pem\n       verify.ts daily <file.csv> --tsr f.tsr --p7s f.p7s --root root.pem\n',
    );
    return 2;
  }
  const rootPem = readFileSync(rootFile, 'utf8');
  if (cmd === 'receipt')
    return (await verifyReceipt(JSON.parse(readFileSync(file, 'utf8')), rootPem)) ? 0 : 1;
  if (cmd === 'daily') {
    const tsr = arg(rest, '--tsr');
    const p7s = arg(rest, '--p7s');
    if (!tsr || !p7s) return main([]);
    return (await verifyDaily(readFileSync(file), readFileSync(tsr), readFileSync(p7s), rootPem)) ? 0 : 1;
  }
  return main([]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`verify: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
