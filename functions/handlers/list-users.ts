import { listUsers } from '../app/admin.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/list-users.js';

export const operation = implement(spec, async (req) => json(200, await listUsers(req.codes.iysCode!)));

export const handler = apiHandler(operation);
