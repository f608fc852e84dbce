import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  license,
  openApiDocument,
  SchemaComponents,
  schemaRefPrefix,
} from '../../../functions/api/openapi.js';
import type { OperationSpec } from '../../../functions/http/operation.js';
import { specs } from '../../../functions/specs/index.js';
import iys from './iys-operations.json' with { type: 'json' };

const root = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'iys-openapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const document = openApiDocument(specs());
interface Media {
  schema: unknown;
}
interface OperationObject {
  operationId: string;
  security: unknown;
  parameters: unknown[];
  requestBody: { content: Record<string, Media> };
  responses: Record<string, { description: string; content: Record<string, Media> }>;
}
type Doc = typeof document & {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, unknown> };
};
const doc = document as Doc;

interface Problem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer?: string }[];
}

/** Redocly CLI's lint of a document with the project's redocly.yaml (the recommended ruleset, whole). */
function redocly(d: unknown, name: string): Problem[] {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(d));
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/@redocly/cli/bin/cli.js'),
      'lint',
      file,
      '--config',
      join(root, 'redocly.yaml'),
      '--format=json',
      '--max-problems=100000',
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (!r.stdout) throw new Error(`redocly did not run: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { problems: Problem[] }).problems;
}

const show = (ps: Problem[]) =>
  ps.map((p) => `${p.severity} ${p.ruleId}: ${p.message} (${p.location[0]?.pointer ?? ''})`);

/** Every `$ref` value in a JSON tree. */
function refsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refsOf(n, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsOf(v, out);
    }
  return out;
}

function keysOf(node: unknown, key: string): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + keysOf(x, key), 0);
  if (!node || typeof node !== 'object') return 0;
  return Object.entries(node).reduce((n, [k, v]) => n + (k === key ? 1 : 0) + keysOf(v, key), 0);
}

const op = (o: Partial<OperationSpec<unknown, unknown>>): OperationSpec<unknown, unknown> => ({
  operationId: 'op',
  method: 'GET',
  path: '/things',
  summary: 'A thing',
  tag: 'T',
  auth: 'none',
  responses: { 200: { description: 'OK' } },
  ...o,
});

describe('the served OpenAPI document', () => {
  it('has no problem at all under Redocly’s recommended ruleset', () => {
    expect(show(redocly(document, 'served'))).toEqual([]);
  });

  it('is valid for swagger-parser (schema validation and every $ref resolved)', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('these two checks fail on the document as it was (schemas with their own $defs)', async () => {
    const broken = structuredClone(document) as Doc;
    const body = broken.paths['/oauth2/token']!.post!.requestBody.content['application/json']!;
    body.schema = { $ref: '#/$defs/Oauth2Request', $defs: { Oauth2Request: { type: 'object' } } };
    expect(redocly(broken, 'broken').map((p) => `${p.severity} ${p.ruleId}`)).toContain(
      'error no-unresolved-refs',
    );
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow(
      'Missing $ref pointer "#/$defs/Oauth2Request"',
    );
  });

  it('names its schemas under components/schemas and refers to them only there', () => {
    expect(keysOf(document, '$defs')).toBe(0);
    const refs = refsOf(document.paths).concat(refsOf(doc.components.schemas));
    expect(refs.length).toBeGreaterThan(300);
    const names = new Set(refs.map((r) => r.slice(schemaRefPrefix.length)));
    expect(refs.filter((r) => !r.startsWith(schemaRefPrefix))).toEqual([]);
    expect([...names].filter((n) => !(n in doc.components.schemas))).toEqual([]);
    // İYS's component names, kept where İYS has one.
    for (const n of ['Errors', 'Oauth2Request', 'Oauth2Response', 'ConsentStatus', 'Code-Name', 'TownSchema'])
      expect(doc.components.schemas).toHaveProperty([n]);
    expect(Object.keys(doc.components.schemas)).toEqual(Object.keys(doc.components.schemas).sort());
    expect(
      doc.paths['/oauth2/token']!.post!.requestBody.content['application/x-www-form-urlencoded']!.schema,
    ).toEqual({ $ref: `${schemaRefPrefix}Oauth2Request` });
  });

  it('gives every operation a 4xx answer and the document a licence', () => {
    const without = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.entries(item)
        .filter(([, o]) => !Object.keys(o.responses).some((s) => s.startsWith('4')))
        .map(([m]) => `${m} ${p}`),
    );
    expect(without).toEqual([]);
    // API Gateway's throttling (THROTTLED, H124) can answer any operation.
    expect(doc.paths['/health']!.get!.responses['429']).toEqual({
      description: 'H124',
      content: { 'application/json': { schema: { $ref: `${schemaRefPrefix}Errors` } } },
    });
    expect((document.info as { license: unknown }).license).toEqual(license);
  });

  it('keeps İYS’s method and path for each of İYS’s operations, and our extensions off İYS’s paths', () => {
    const ours = specs();
    // İYS ids that are not URL-safe (Redocly's operation-operationId-url-safe) are served under ours.
    const renamed: Record<string, string> = { 'VIA İşlem Tamamlama': 'viaConfirmation' };
    // İYS's ViA Frame paths are Postman's: `{{widgetUUID}}` braces and `?apinoncekey=…` (and a `_copy`) inside
    // the path. Served as OpenAPI's `{widgetUUID}` with the query as a query parameter (docs/via-frame.md).
    const served = (path: string) => path.replace(/\{\{(\w+)\}\}/g, '{$1}').replace(/\?.*$/, '');
    const operations = iys.operations.map((o) => {
      const operationId = renamed[o.operationId] ?? o.operationId;
      return { ...o, operationId, path: served(o.path) };
    });
    const byId = new Map(operations.map((o) => [o.operationId, o]));
    const iysRoutes = new Set(operations.map((o) => `${o.method} ${o.path}`));
    const shared = ours.filter((s) => byId.has(s.operationId));
    expect(shared.length).toBeGreaterThan(35);
    expect(
      shared
        .map((s) => `${s.operationId} ${s.method} ${s.path}`)
        .filter((x) => {
          const i = byId.get(x.split(' ')[0]!)!;
          return x !== `${i.operationId} ${i.method} ${i.path}`;
        }),
    ).toEqual([]);
    const extensions = ours.filter((s) => !byId.has(s.operationId));
    expect(
      extensions.filter((s) => iysRoutes.has(`${s.method} ${s.path}`)).map((s) => s.operationId),
    ).toEqual([]);
  });

  it('has no two paths that one request could match (literal segments against parameters)', () => {
    const keys = Object.keys(doc.paths);
    const paths = keys.map((p) => p.split('/'));
    // A request has a method: paths with no method in common cannot both match it (İYS's own ViA has
    // POST …/consent/status beside GET …/consent/{requestId}).
    const methods = keys.map((p) => new Set(Object.keys(doc.paths[p]!)));
    const ambiguous: string[] = [];
    for (let i = 0; i < paths.length; i++)
      for (let j = i + 1; j < paths.length; j++) {
        const [a, b] = [paths[i]!, paths[j]!];
        if (a.length !== b.length) continue;
        if (![...methods[i]!].some((m) => methods[j]!.has(m))) continue;
        const param = (s: string) => s.startsWith('{');
        const clash = a.every((s, k) => s === b[k] || param(s) || param(b[k]!));
        const sameShape = a.every((s, k) => param(s) === param(b[k]!));
        if (clash && !sameShape) ambiguous.push(`${a.join('/')} ~ ${b.join('/')}`);
      }
    // İYS's own ViA PASS paths are such a pair (`{iysCode}/sms/start` and `get-clarification-file/{iysCode}/…`):
    // kept for wire compatibility; API Gateway and the local router prefer the literal segment, and an
    // iysCode is digits only, so no request reaches the wrong one.
    const iysPaths = new Set(iys.operations.map((o) => o.path));
    expect(ambiguous.filter((pair) => !pair.split(' ~ ').every((p) => iysPaths.has(p)))).toEqual([]);
  });

  it('the receipt of a movement is our extension under the brand, not under İYS’s consents/{…}', () => {
    expect(doc.paths['/sps/{iysCode}/brands/{brandCode}/receipts/{transactionId}']?.get?.operationId).toBe(
      'consentReceipt',
    );
    expect(Object.keys(doc.paths).filter((p) => /\/consents\/\{[^}]+\}\/receipt$/.test(p))).toEqual([]);
  });

  it('documents error codes as lists, none glued to other text', () => {
    const descriptions = Object.values(doc.paths).flatMap((item) =>
      Object.values(item).flatMap((o) => Object.values(o.responses).map((r) => r.description)),
    );
    expect(descriptions.filter((d) => /[HX]\d{3,4}(?!\d)[A-Za-z]|[HX]\d{5}/.test(d))).toEqual([]);
    const retailers = doc.paths['/sps/{iysCode}/brands/{brandCode}/consents/retailers/access']!;
    expect(retailers.put!.responses['422']!.description).toMatch(/H169, H170(,|$)/);
  });
});

describe('openApiDocument', () => {
  const thing = z.object({ name: z.string() }).meta({ id: 'Thing' });

  it('writes path parameters (integers for the …Code ones), query parameters, bodies and security', () => {
    const kind = z.enum(['small', 'large']).meta({ id: 'Kind' });
    const query = z.object({ kind: kind.optional(), limit: z.string() });
    const credentials = z.object({ user: z.string() }).meta({ id: 'Credentials' });
    const d = openApiDocument(
      [
        op({
          operationId: 'getOne',
          path: '/sps/{iysCode}/things/{thingId}',
          auth: 'bearer',
          query,
          responses: { 200: { description: 'One', schema: z.array(thing) }, 404: { description: 'X002' } },
        }),
        op({ operationId: 'token', method: 'POST', path: '/token', body: credentials, formBody: true }),
      ],
      'https://api.example.test/',
    ) as Doc;
    const get = d.paths['/sps/{iysCode}/things/{thingId}']!.get!;
    expect(get.security).toEqual([{ IYSAPISecurity: [] }]);
    expect(get.parameters).toEqual([
      { name: 'iysCode', in: 'path', required: true, schema: { type: 'integer' } },
      { name: 'thingId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'kind', in: 'query', required: false, schema: { $ref: `${schemaRefPrefix}Kind` } },
      { name: 'limit', in: 'query', required: true, schema: { type: 'string' } },
    ]);
    expect(get.responses['200']!.content['application/json']!.schema).toEqual({
      type: 'array',
      items: { $ref: `${schemaRefPrefix}Thing` },
    });
    expect(get.responses['404']).toEqual({ description: 'X002' });
    const post = d.paths['/token']!.post!;
    expect(post.security).toEqual([]);
    expect(post.parameters).toEqual([]);
    expect(post.requestBody).toEqual({
      required: true,
      content: {
        'application/json': { schema: { $ref: `${schemaRefPrefix}Credentials` } },
        'application/x-www-form-urlencoded': { schema: { $ref: `${schemaRefPrefix}Credentials` } },
      },
    });
    expect(d.components.schemas).toEqual({
      // An input object may carry more properties (zod strips them); an answer has exactly these.
      Credentials: { type: 'object', properties: { user: { type: 'string' } }, required: ['user'] },
      Kind: { type: 'string', enum: ['small', 'large'] },
      Thing: {
        type: 'object',
        properties: { name: { type: 'string' } },
        required: ['name'],
        additionalProperties: false,
      },
    });
    expect(d.servers).toEqual([{ url: 'https://api.example.test/' }]);
    expect(d.openapi).toBe('3.1.0');
  });

  it('hoists nested named schemas and keeps one component for a schema used many times', () => {
    const inner = z.object({ n: z.number().int() }).meta({ id: 'Inner' });
    const outer = z.object({ a: inner, b: z.array(inner) }).meta({ id: 'Outer' });
    const d = openApiDocument([
      op({ operationId: 'a', responses: { 200: { description: 'A', schema: outer } } }),
      op({ operationId: 'b', path: '/b', responses: { 200: { description: 'B', schema: inner } } }),
    ]) as Doc;
    expect(Object.keys(d.components.schemas)).toEqual(['Inner', 'Outer']);
    expect(d.components.schemas.Outer).toMatchObject({
      properties: {
        a: { $ref: `${schemaRefPrefix}Inner` },
        b: { items: { $ref: `${schemaRefPrefix}Inner` } },
      },
    });
  });

  it('refuses two different schemas with one name, naming both places', () => {
    const other = z.object({ title: z.string() }).meta({ id: 'Thing' });
    expect(() =>
      openApiDocument([
        op({ operationId: 'a', responses: { 200: { description: 'A', schema: thing } } }),
        op({ operationId: 'b', path: '/b', responses: { 200: { description: 'B', schema: other } } }),
      ]),
    ).toThrow('two different schemas are named "Thing" (a 200 and b 200)');
  });

  it('refuses one named schema whose input (body) and output (answer) forms differ', () => {
    const defaulted = z.object({ n: z.number().default(1) }).meta({ id: 'Defaulted' });
    expect(() =>
      openApiDocument([
        op({
          operationId: 'put',
          method: 'PUT',
          body: defaulted,
          responses: { 200: { description: 'OK', schema: defaulted } },
        }),
      ]),
    ).toThrow('two different schemas are named "Defaulted" (put 200 and put body)');
  });

  it('refuses a repeated operationId or route', () => {
    expect(() => openApiDocument([op({}), op({ path: '/other' })])).toThrow('operationId op twice');
    expect(() => openApiDocument([op({}), op({ operationId: 'again' })])).toThrow('GET /things twice');
  });
});

describe('SchemaComponents', () => {
  it('moves $defs out and points references at components, leaving example data alone', () => {
    const c = new SchemaComponents();
    const out = c.hoist(
      {
        type: 'object',
        properties: { a: { $ref: '#/$defs/A' }, e: { example: { $ref: '#/$defs/not-a-ref' } } },
        $defs: { A: { type: 'array', items: { $ref: '#/$defs/B' } }, B: { type: 'string' } },
      },
      'here',
    );
    expect(out).toEqual({
      type: 'object',
      properties: { a: { $ref: '#/components/schemas/A' }, e: { example: { $ref: '#/$defs/not-a-ref' } } },
    });
    expect(c.schemas).toEqual({
      A: { type: 'array', items: { $ref: '#/components/schemas/B' } },
      B: { type: 'string' },
    });
  });

  it('takes the same schema twice under one name, and refuses another one or a bad name', () => {
    const c = new SchemaComponents();
    c.add('A', { type: 'string' }, 'first');
    c.add('A', { type: 'string' }, 'second');
    expect(() => c.add('A', { type: 'integer' }, 'third')).toThrow(
      'two different schemas are named "A" (first and third)',
    );
    expect(() => c.add('A B', {}, 'x')).toThrow('not a valid component name');
  });

  it('refuses a reference the document could not resolve', () => {
    expect(() => new SchemaComponents().hoist({ $ref: '#' }, 'loop')).toThrow(
      'loop has a reference "#" that the document cannot resolve',
    );
    expect(() => new SchemaComponents().hoist({ $defs: [] }, 'odd')).toThrow('$defs of odd is not an object');
  });
});
