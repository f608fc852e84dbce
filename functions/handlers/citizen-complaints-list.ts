import { myComplaints } from '../app/complaints.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/citizen-complaints-list.js';

export const operation = implement(spec, async (req) => json(200, await myComplaints(req.citizen!)));

export const handler = apiHandler(operation);
