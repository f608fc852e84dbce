import { z } from 'zod';
import { defineSpec } from '../http/operation.js';

export const spec = defineSpec({
  operationId: 'getOpenApi',
  method: 'GET',
  path: '/openapi.json',
  summary: 'Bu API’nin OpenAPI 3.1 belgesi',
  tag: 'EXTENSIONS',
  auth: 'none',
  responses: { 200: { description: 'OpenAPI 3.1', schema: z.record(z.string(), z.unknown()) } },
});
