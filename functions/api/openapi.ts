import { z } from 'zod';
import type { OperationSpec } from '../http/operation.js';

/**
 * The OpenAPI 3.1 document, generated from the operations and the same zod schemas the handlers validate
 * with. OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod emits directly.
 */
function schemaOf(s: z.ZodType, io: 'input' | 'output'): unknown {
  const out = z.toJSONSchema(s, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    reused: 'inline',
  }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

function parametersOf(op: OperationSpec<unknown, unknown>) {
  const params: unknown[] = [];
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
    const js = schemaOf(op.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, schema] of Object.entries(js.properties ?? {})) {
      params.push({ name, in: 'query', required: (js.required ?? []).includes(name), schema });
    }
  }
  return params;
}

export function openApiDocument(
  operations: OperationSpec<unknown, unknown>[],
  serverUrl = '/',
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    paths[op.path] ??= {};
    const item = paths[op.path]!;
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema ? { content: { 'application/json': { schema: schemaOf(r.schema, 'output') } } } : {}),
      };
    }
    const body = op.body
      ? {
          required: true,
          content: {
            'application/json': { schema: schemaOf(op.body, 'input') },
            ...(op.formBody
              ? { 'application/x-www-form-urlencoded': { schema: schemaOf(op.body, 'input') } }
              : {}),
          },
        }
      : undefined;
    item[op.method.toLowerCase()] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      ...(op.auth === 'bearer' ? { security: [{ IYSAPISecurity: [] }] } : { security: [] }),
      parameters: parametersOf(op),
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
        'Wire-compatible with İYS API 3.2.0, plus the registry extensions (bulk files, evidence, recipients). Errors: {"errors":[{code,message,location?,value?,index?}]}.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { IYSAPISecurity: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  };
}
