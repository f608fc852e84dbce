import { z } from 'zod';
import { defineSpec } from '../http/operation.js';

export const spec = defineSpec({
  operationId: 'health',
  method: 'GET',
  path: '/health',
  summary: 'Sağlık kontrolü',
  tag: 'EXTENSIONS',
  auth: 'none',
  responses: { 200: { description: 'ready', schema: z.object({ status: z.literal('ok') }) } },
});
