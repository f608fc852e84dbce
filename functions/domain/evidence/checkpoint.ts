/**
 * Checkpoint body in the C2SP tlog-checkpoint form (https://c2sp.org/tlog-checkpoint):
 *
 *   iys.example/sps/{iysCode}\n
 *   {tree size, decimal}\n
 *   {root hash, standard base64}\n
 *   [optional extension lines, each ending in \n]
 *
 * This text is what gets a detached CMS signature and an RFC 3161 token; the signatures travel
 * separately (not as signed-note lines) so stock openssl can verify them.
 */

export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Uint8Array;
  /** Extension lines (rarely used; kept so a parse/format round trip is lossless). */
  extensions?: string[];
}

export const ORIGIN_PREFIX = 'iys.example/sps/';

export function checkpointOrigin(iysCode: string | number): string {
  const code = String(iysCode);
  if (!/^[0-9A-Za-z._-]+$/.test(code)) throw new Error(`invalid iysCode for a checkpoint origin: ${code}`);
  return `${ORIGIN_PREFIX}${code}`;
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function checkLine(line: string, what: string): void {
  if (line.length === 0 || /[\n\r]/.test(line))
    throw new Error(`checkpoint ${what} must be a non-empty single line`);
}

export function formatCheckpoint(cp: Checkpoint): string {
  checkLine(cp.origin, 'origin');
  if (!Number.isSafeInteger(cp.treeSize) || cp.treeSize < 0)
    throw new Error('checkpoint tree size must be >= 0');
  if (cp.rootHash.length !== 32) throw new Error('checkpoint root hash must be 32 bytes');
  const ext = cp.extensions ?? [];
  for (const e of ext) checkLine(e, 'extension line');
  const lines = [cp.origin, String(cp.treeSize), Buffer.from(cp.rootHash).toString('base64'), ...ext];
  return lines.map((l) => `${l}\n`).join('');
}

/** Strict parser: canonical decimal, canonical base64 of exactly 32 bytes, every line newline-terminated. */
export function parseCheckpoint(text: string | Uint8Array): Checkpoint {
  const s = typeof text === 'string' ? text : new TextDecoder('utf-8', { fatal: true }).decode(text);
  if (!s.endsWith('\n')) throw new Error('checkpoint must end with a newline');
  const lines = s.slice(0, -1).split('\n');
  if (lines.length < 3) throw new Error('checkpoint needs origin, size and root hash lines');
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  checkLine(origin, 'origin');
  for (const e of extensions) checkLine(e, 'extension line');
  if (!DECIMAL.test(size)) throw new Error('checkpoint tree size is not a canonical decimal');
  const treeSize = Number(size);
  if (!Number.isSafeInteger(treeSize)) throw new Error('checkpoint tree size is too large');
  if (!BASE64.test(root)) throw new Error('checkpoint root hash is not base64');
  const rootHash = new Uint8Array(Buffer.from(root, 'base64'));
  // Reject non-canonical encodings (wrong padding, stray bits) by re-encoding.
  if (rootHash.length !== 32 || Buffer.from(rootHash).toString('base64') !== root) {
    throw new Error('checkpoint root hash must be the canonical base64 of 32 bytes');
  }
  return extensions.length > 0 ? { origin, treeSize, rootHash, extensions } : { origin, treeSize, rootHash };
}
