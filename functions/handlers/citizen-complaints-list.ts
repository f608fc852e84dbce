import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/citizen-complaints-list.js';
import { awsComplaints } from '../wiring/complaints.js';

/** The composition root: the complaint use cases and their AWS ports, built once per cold start. */
const complaints = awsComplaints();

export const operation = implement(spec, async (req) =>
  json(200, await complaints.myComplaints(req.citizen!)),
);

export const handler = apiHandler(operation);
