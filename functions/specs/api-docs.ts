import { defineSpec } from '../http/operation.js';

export const spec = defineSpec({
  operationId: 'apiDocs',
  method: 'GET',
  path: '/docs',
  summary: 'API başvuru sayfası (Swagger UI, /openapi.json belgesinden; /docs/ de aynı sayfa)',
  tag: 'EXTENSIONS',
  auth: 'none',
  responses: { 200: { description: 'HTML sayfa' } },
});
