import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/list-users.js';
import { awsAdmin } from '../wiring/admin.js';

/** The composition root: the administration use cases and their AWS ports, built once per cold start. */
const admin = awsAdmin();

export const operation = implement(spec, async (req) => json(200, await admin.listUsers(req.codes.iysCode!)));

export const handler = apiHandler(operation);
