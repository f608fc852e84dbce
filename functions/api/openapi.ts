import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { OperationSpec } from '../http/operation.js';

/**
 * The OpenAPI 3.1 document, generated from the operations and the same zod schemas the handlers validate
 * with. OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod emits directly. Every schema that carries an
 * id (`.meta({ id })`, İYS's component names where İYS has one) becomes one entry of `components/schemas`,
 * referenced as `#/components/schemas/<id>` wherever it is used (docs/api-reference.md).
 */

type Json = unknown;
type JsonObject = Record<string, Json>;

/** A name a component may have (OpenAPI 3.1 §4.8.7.1). */
const componentName = /^[a-zA-Z0-9._-]+$/;
const defsPrefix = '#/$defs/';
export const schemaRefPrefix = '#/components/schemas/';

/** Keywords whose values are data, not schemas: a `$ref` inside them is left alone. */
const dataKeywords = new Set(['example', 'examples', 'default', 'const', 'enum']);

/**
 * The document's named schemas. A name is taken once; the same name again must bring the same schema (the
 * same zod schema, used by several operations, emitted each time), and a different one is refused: two zod
 * schemas with one id, or one schema whose input and output forms differ, would otherwise silently share a
 * component.
 */
export class SchemaComponents {
  readonly schemas: Record<string, Json> = {};
  private readonly firstSeen = new Map<string, string>();

  add(name: string, schema: Json, where: string): void {
    if (!componentName.test(name))
      throw new Error(`OpenAPI: schema id "${name}" (${where}) is not a valid component name`);
    if (!(name in this.schemas)) {
      this.schemas[name] = schema;
      this.firstSeen.set(name, where);
      return;
    }
    if (!isDeepStrictEqual(this.schemas[name], schema))
      throw new Error(
        `OpenAPI: two different schemas are named "${name}" (${this.firstSeen.get(name)} and ${where}); give one of them another id`,
      );
  }

  /**
   * Moves a zod-emitted schema's `$defs` here and points its references at them. Zod puts every named
   * (and every recursive) subschema in the root's `$defs`, whose `#/$defs/…` references would resolve against
   * the OpenAPI document's root, where there is no `$defs`.
   */
  hoist(schema: Json, where: string): Json {
    if (!isObject(schema)) return schema;
    const { $defs, ...rest } = schema;
    const root = rewriteRefs(rest, where);
    if ($defs !== undefined) {
      if (!isObject($defs)) throw new Error(`OpenAPI: $defs of ${where} is not an object`);
      for (const [name, def] of Object.entries($defs)) this.add(name, this.hoist(def, where), where);
    }
    return root;
  }
}

function isObject(v: Json): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Points `#/$defs/X` at `#/components/schemas/X`; any other local reference is an error (it would dangle). */
function rewriteRefs(node: Json, where: string): Json {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, where));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      if (!v.startsWith(defsPrefix))
        throw new Error(`OpenAPI: ${where} has a reference "${v}" that the document cannot resolve`);
      out[k] = schemaRefPrefix + v.slice(defsPrefix.length);
    } else out[k] = dataKeywords.has(k) ? v : rewriteRefs(v, where);
  }
  return out;
}

/** A zod schema as JSON Schema 2020-12, with its named subschemas hoisted into `components`. */
function schemaOf(s: z.ZodType, io: 'input' | 'output', components: SchemaComponents, where: string): Json {
  const out = z.toJSONSchema(s, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    reused: 'inline',
  }) as JsonObject;
  delete out.$schema;
  return components.hoist(out, where);
}

function parametersOf(op: OperationSpec<unknown, unknown>, components: SchemaComponents) {
  const params: Json[] = [];
  for (const m of op.path.matchAll(/\{(\w+)\}/g)) {
    const name = m[1]!;
    const integer = /Code$/.test(name);
    params.push({
      name,
      in: 'path',
      required: true,
      schema: integer ? { type: 'integer' } : { type: 'string' },
    });
  }
  if (op.query) {
    const js = schemaOf(op.query, 'input', components, `${op.operationId} query`) as {
      properties?: Record<string, Json>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(js.properties ?? {})) {
      params.push({ name, in: 'query', required: (js.required ?? []).includes(name), schema });
    }
  }
  return params;
}

/** The operations' paths: a path's parameters are named in braces, and each path is one of İYS's or ours. */
export function openApiDocument(
  operations: OperationSpec<unknown, unknown>[],
  serverUrl = '/',
): Record<string, unknown> {
  const components = new SchemaComponents();
  const paths: Record<string, Record<string, unknown>> = {};
  const operationIds = new Set<string>();
  for (const op of operations) {
    if (operationIds.has(op.operationId)) throw new Error(`OpenAPI: operationId ${op.operationId} twice`);
    operationIds.add(op.operationId);
    paths[op.path] ??= {};
    const item = paths[op.path]!;
    const method = op.method.toLowerCase();
    if (item[method]) throw new Error(`OpenAPI: ${op.method} ${op.path} twice`);
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      const where = `${op.operationId} ${status}`;
      responses[status] = {
        description: r.description,
        ...(r.schema
          ? { content: { 'application/json': { schema: schemaOf(r.schema, 'output', components, where) } } }
          : {}),
      };
    }
    let body: Record<string, unknown> | undefined;
    if (op.body) {
      const schema = schemaOf(op.body, 'input', components, `${op.operationId} body`);
      body = {
        required: true,
        content: {
          'application/json': { schema },
          ...(op.formBody ? { 'application/x-www-form-urlencoded': { schema } } : {}),
        },
      };
    }
    item[method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      ...(op.auth === 'bearer' ? { security: [{ IYSAPISecurity: [] }] } : { security: [] }),
      parameters: parametersOf(op, components),
      ...(body ? { requestBody: body } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'İYS registry API',
      version: '3.2.0-compatible',
      description:
        'Wire-compatible with İYS API 3.2.0, plus the registry extensions (bulk files, evidence, recipients). Errors: {"errors":[{code,message,location?,value?,index?}]}. Human reference: /docs/.',
      license,
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { IYSAPISecurity: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: sortedKeys(components.schemas),
    },
    paths,
  };
}

/**
 * The project publishes no licence of its own (package.json is private): the description says so with an
 * SPDX LicenseRef rather than borrowing İYS's boilerplate Apache 2.0 (docs/api-reference.md).
 */
export const license = { name: 'Proprietary: all rights reserved', identifier: 'LicenseRef-Proprietary' };

function sortedKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
