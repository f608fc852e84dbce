import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from './paths.js';

/**
 * What a handler module touches, found by reading its source at synth time (no bundling, no execution):
 * the transitive relative imports of the handler file, and in those files the resource environment variables
 * (functions/specs/resources.ts) they read — directly by name or through an accessor of functions/adapters/env.ts — and
 * whether they create, use or sign with per-provider KMS keys (markers below: the adapter calls that do so). The stateless stack grants each function access to exactly those resources,
 * so a new operation added to the catalogue gets its grants without a change to the stacks.
 *
 * The OpenAPI function reads the catalogue of specs (functions/specs/index.ts), which imports no runtime code,
 * so following it grants nothing. Type-only imports are not followed (erased at compile time).
 */
export interface Needs {
  /** Resource env vars (IYS_TABLE_*, IYS_BUCKET_*, IYS_QUEUE_*, IYS_KEY_*) read somewhere in the module graph. */
  envVars: Set<string>;
  /** Calls ensureProviderKeys (functions/adapters/provider-keys.ts): creates and aliases per-provider keys. */
  createsProviderKeys: boolean;
  /** Generates or decrypts data keys (envelope encryption, wrapped secrets) under per-provider keys. */
  usesProviderDataKeys: boolean;
  /** Signs with a provider's own signing key (a KmsSigner built from a provider's signingKeyId). */
  signsWithProviderKeys: boolean;
  /** Sends SMS (SNS Publish) or e-mail (SES SendEmail) through the outbox. */
  sendsMessages: boolean;
  /** Files of the graph, relative to the project root (for tests and debugging). */
  files: string[];
}

const notFollowed = new Set<string>();
/** The descriptions name every variable; only their use elsewhere counts (env.ts accessors are followed instead). */
const envFile = path.join(projectRoot, 'functions', 'adapters', 'env.ts');
const providerKeysFile = path.join(projectRoot, 'functions', 'adapters', 'provider-keys.ts');
const descriptions = new Set([envFile, path.join(projectRoot, 'functions', 'specs', 'resources.ts')]);

const sourceCache = new Map<string, string>();
export function source(file: string): string {
  let text = sourceCache.get(file);
  if (text === undefined) {
    text = fs.readFileSync(file, 'utf8');
    sourceCache.set(file, text);
  }
  return text;
}

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** `./x.js` as written in an ES module import → the file on disk (x.ts, x.js, x.json or x/index.ts). */
function resolveImport(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(m?js)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.mts`, base, `${stem}.js`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const importFrom = /\b(import|export)\s+(type\s+)?[^'";]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const bareImport = /\bimport\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function relativeImports(file: string): string[] {
  const text = withoutComments(source(file));
  const out: string[] = [];
  for (const m of text.matchAll(importFrom)) if (!m[2]) out.push(m[3]!);
  for (const m of text.matchAll(bareImport)) out.push(m[1]!);
  return out;
}

let accessorCache: Map<string, string> | undefined;
/** `consentsTable: () => required('IYS_TABLE_CONSENTS')` in functions/adapters/env.ts → consentsTable → IYS_TABLE_CONSENTS. */
function envAccessors(): Map<string, string> {
  if (!accessorCache) {
    accessorCache = new Map();
    const text = source(envFile);
    for (const m of text.matchAll(/(\w+)\s*:\s*\(\)\s*=>\s*required\(\s*['"]([A-Z0-9_]+)['"]\s*\)/g)) {
      accessorCache.set(m[1]!, m[2]!);
    }
  }
  return accessorCache;
}

/** Every file reachable from `entry` through relative imports; `skip` files are not entered. */
function graph(entry: string, skip: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file) || skip.has(file)) continue;
    seen.add(file);
    if (!/\.(m?ts|m?js)$/.test(file)) continue;
    for (const spec of relativeImports(file)) {
      const target = resolveImport(file, spec);
      if (target && !seen.has(target)) queue.push(target);
    }
  }
  return seen;
}

/**
 * The project files a bundle of `entry` is made of (the whole relative-import graph, the catalogue included),
 * for the bundle's cache key; packages are covered by package-lock.json.
 */
export function sourceFiles(entry: string): string[] {
  return [...graph(entry, new Set())].sort();
}

const needsCache = new Map<string, Needs>();

/** The needs of a handler module given by its absolute entry path; `resourceVars` are the names to look for. */
export function needsOf(entry: string, resourceVars: readonly string[]): Needs {
  const key = `${entry}\0${resourceVars.join(',')}`;
  const cached = needsCache.get(key);
  if (cached) return cached;
  const seen = graph(entry, notFollowed);
  const envVars = new Set<string>();
  let createsProviderKeys = false;
  let usesProviderDataKeys = false;
  let signsWithProviderKeys = false;
  let sendsMessages = false;
  const accessors = envAccessors();
  for (const file of seen) {
    if (!/\.(m?ts|m?js)$/.test(file) || descriptions.has(file)) continue;
    const text = withoutComments(source(file));
    for (const name of resourceVars) if (new RegExp(`\\b${name}\\b`).test(text)) envVars.add(name);
    for (const m of text.matchAll(/\benv\.(\w+)\s*\(/g)) {
      const name = accessors.get(m[1]!);
      if (name && resourceVars.includes(name)) envVars.add(name);
    }
    if (file !== providerKeysFile && /\bensureProviderKeys\s*\(/.test(text)) createsProviderKeys = true;
    if (/\b(GenerateDataKeyCommand|DecryptCommand)\b/.test(text)) usesProviderDataKeys = true;
    if (/\bnew\s+KmsSigner\s*\(/.test(text) && /\bsigningKeyId\b/.test(text)) signsWithProviderKeys = true;
    if (/\b(PublishCommand|SendEmailCommand)\b/.test(text)) sendsMessages = true;
  }
  const needs: Needs = {
    envVars,
    createsProviderKeys,
    usesProviderDataKeys,
    signsWithProviderKeys,
    sendsMessages,
    files: [...seen].map((f) => path.relative(projectRoot, f)).sort(),
  };
  needsCache.set(key, needs);
  return needs;
}
