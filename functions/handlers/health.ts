import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/health.js';

export const operation = implement(spec, async () => json(200, { status: 'ok' }));

export const handler = apiHandler(operation);
