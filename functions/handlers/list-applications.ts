import { listApplications } from '../app/applications.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/list-applications.js';

export const operation = implement(spec, async (req) => json(200, await listApplications(req.query.status)));

export const handler = apiHandler(operation);
