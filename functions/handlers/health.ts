import { z } from 'zod';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';

export const operation = defineOperation({
  operationId: 'health',
  method: 'GET',
  path: '/health',
  summary: 'Sağlık kontrolü',
  tag: 'EXTENSIONS',
  auth: 'none',
  responses: { 200: { description: 'ready', schema: z.object({ status: z.literal('ok') }) } },
  run: async () => json(200, { status: 'ok' }),
});

export const handler = apiHandler(operation);
