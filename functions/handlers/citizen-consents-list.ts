import { listConsents } from '../app/citizens.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/citizen-consents-list.js';

export const operation = implement(spec, async (req) => json(200, await listConsents(req.citizen!)));

export const handler = apiHandler(operation);
