import { z } from 'zod';
import { operations } from '../api/catalogue.js';
import { openApiDocument } from '../api/openapi.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';

let document: Record<string, unknown> | undefined;

export const operation = defineOperation({
  operationId: 'getOpenApi',
  method: 'GET',
  path: '/openapi.json',
  summary: 'Bu API’nin OpenAPI 3.1 belgesi',
  tag: 'EXTENSIONS',
  auth: 'none',
  responses: { 200: { description: 'OpenAPI 3.1', schema: z.record(z.string(), z.unknown()) } },
  run: async () => {
    document ??= openApiDocument(operations());
    return json(200, document);
  },
});

export const handler = apiHandler(operation);
