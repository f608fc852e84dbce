import * as path from 'node:path';
import type { FunctionGrants } from '../../functions/specs/grants.js';
import { buckets, queues, registryKeys, tables } from '../../functions/specs/resources.js';
import { moduleGraph, source, withoutComments } from '../../lib/constructs/module-graph.js';
import { projectRoot } from '../../lib/constructs/paths.js';

/**
 * What a handler module's code reaches, read from its source (test-time only: the stack grants from
 * functions/specs/grants.ts and reads no handler source to do so). The module graph is the handler file's
 * transitive relative imports (lib/constructs/module-graph.ts); in those files:
 * - resource environment variables of functions/specs/resources.ts, read by name or through an accessor of
 *   functions/adapters/env.ts (`env.consentsTable()`), give the resource;
 * - a table or bucket is written when a file that names it also writes (a write command, or a write helper
 *   that takes the name as an argument): per file, so a store that reads and writes counts as writing;
 * - markers name the per-provider key capabilities, token signing and messaging (below).
 *
 * It is an over-approximation: everything a module imports counts, run or not. Where a module provably never
 * runs a part of its graph, permissions.test.ts says so explicitly (cuts and exemptions, each with a reason).
 *
 * Needs are strings so that a failing comparison reads plainly: `table:Consents`, `table:Consents:write`,
 * `stream:Consents`, `bucket:Reports`, `bucket:Reports:write`, `queue:Push`, `key:RegistryKey`,
 * `key:TokenSigningKey:sign`, `providerKeys:create|dataKeys|sign`, `messaging`.
 */
export type Need = string;

export interface Analysis {
  needs: Set<Need>;
  /** Files of the graph, relative to the project root. */
  files: string[];
  /** Which files give each need (for failure messages and reviews). */
  from: Map<Need, string[]>;
}

const rel = (f: string) => path.relative(projectRoot, f);
const abs = (f: string) => path.join(projectRoot, f);

const envFile = abs('functions/adapters/env.ts');
const providerKeysFile = abs('functions/adapters/provider-keys.ts');
const jwtFile = abs('functions/adapters/jwt.ts');
/** The descriptions name every variable; only their use elsewhere counts (env.ts accessors are followed instead). */
const descriptions = new Set([envFile, abs('functions/specs/resources.ts')]);

const tableWrites =
  /\b(PutCommand|UpdateCommand|DeleteCommand|BatchWriteCommand|TransactWriteCommand|PutItemCommand|UpdateItemCommand|DeleteItemCommand|BatchWriteItemCommand|TransactWriteItemsCommand)\b|from\s*['"]\.{1,2}\/(?:[\w-]+\/)*(dynamo-batch|counters)\.js['"]/;
const objectWrites =
  /\b(PutObjectCommand|DeleteObjectCommand|DeleteObjectsCommand|CopyObjectCommand|CreateMultipartUploadCommand|UploadPartCommand|CompleteMultipartUploadCommand|AbortMultipartUploadCommand|createPresignedPost)\b/;

/** `consentsTable: () => required('IYS_TABLE_CONSENTS')` in functions/adapters/env.ts → consentsTable → IYS_TABLE_CONSENTS. */
function envAccessors(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source(envFile).matchAll(
    /(\w+)\s*:\s*\(\)\s*=>\s*required\(\s*['"]([A-Z0-9_]+)['"]\s*\)/g,
  )) {
    out.set(m[1]!, m[2]!);
  }
  return out;
}

/** Resource variable → the need it gives (and the write need, for tables and buckets). */
function resourceNeeds(): Map<string, { need: Need; write?: Need }> {
  const out = new Map<string, { need: Need; write?: Need }>();
  for (const t of tables) {
    out.set(t.env, { need: `table:${t.id}`, write: `table:${t.id}:write` });
    if (t.streamEnv) out.set(t.streamEnv, { need: `stream:${t.id}` });
  }
  for (const b of buckets) out.set(b.env, { need: `bucket:${b.id}`, write: `bucket:${b.id}:write` });
  for (const q of queues) out.set(q.env, { need: `queue:${q.id}` });
  for (const k of registryKeys) out.set(k.env, { need: `key:${k.id}` });
  return out;
}

/** The needs one file gives on its own. */
function fileNeeds(file: string): Need[] {
  if (!/\.(m?ts|m?js)$/.test(file) || descriptions.has(file)) return [];
  const text = withoutComments(source(file));
  const resources = resourceNeeds();
  const accessors = envAccessors();
  const vars = new Set<string>();
  for (const name of resources.keys()) if (new RegExp(`\\b${name}\\b`).test(text)) vars.add(name);
  for (const m of text.matchAll(/\benv\.(\w+)\s*\(/g)) {
    const name = accessors.get(m[1]!);
    if (name && resources.has(name)) vars.add(name);
  }
  const out: Need[] = [];
  for (const v of vars) {
    const r = resources.get(v)!;
    out.push(r.need);
    const writes = r.need.startsWith('table:') ? tableWrites : objectWrites;
    if (r.write && writes.test(text)) out.push(r.write);
  }
  if (file !== providerKeysFile && /\bensureProviderKeys\s*\(/.test(text)) out.push('providerKeys:create');
  if (/\b(GenerateDataKeyCommand|DecryptCommand)\b/.test(text)) out.push('providerKeys:dataKeys');
  if (/\bnew\s+KmsSigner\s*\(/.test(text) && /\bsigningKeyId\b/.test(text)) out.push('providerKeys:sign');
  if (file !== jwtFile && /\bsignJwt\s*\(/.test(text)) out.push('key:TokenSigningKey:sign');
  if (/\b(PublishCommand|SendEmailCommand)\b/.test(text)) out.push('messaging');
  return out;
}

/**
 * The needs of a handler module given by its absolute entry path. `follow(from, to)` (project-relative paths)
 * may refuse an import edge the module is known never to run.
 */
export function analyse(entry: string, follow: (from: string, to: string) => boolean = () => true): Analysis {
  const files = moduleGraph(entry, (from, to) => follow(rel(from), rel(to)));
  const needs = new Set<Need>();
  const from = new Map<Need, string[]>();
  for (const file of files) {
    for (const need of fileNeeds(file)) {
      needs.add(need);
      from.set(need, [...(from.get(need) ?? []), rel(file)]);
    }
  }
  return { needs, files: [...files].map(rel).sort(), from };
}

/** A declaration in the same terms, to compare with an analysis. */
export function declaredNeeds(g: FunctionGrants): Set<Need> {
  const out = new Set<Need>();
  for (const [id, access] of Object.entries(g.tables ?? {})) {
    out.add(`table:${id}`);
    if (access === 'readWrite') out.add(`table:${id}:write`);
  }
  for (const id of g.streams ?? []) out.add(`stream:${id}`);
  for (const [id, access] of Object.entries(g.buckets ?? {})) {
    out.add(`bucket:${id}`);
    if (access === 'readWrite') out.add(`bucket:${id}:write`);
  }
  for (const id of g.queues ?? []) out.add(`queue:${id}`);
  for (const [id, use] of Object.entries(g.keys ?? {})) {
    out.add(`key:${id}`);
    if (id === 'TokenSigningKey' && use === 'sign') out.add('key:TokenSigningKey:sign');
  }
  for (const c of g.providerKeys ?? []) out.add(`providerKeys:${c}`);
  if (g.messaging) out.add('messaging');
  return out;
}
