import { clock } from '../adapters/clock.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/citizen-complaints-file.js';
import { awsComplaints } from '../wiring/complaints.js';

/** The composition root: the complaint use cases and their AWS ports, built once per cold start. */
const complaints = awsComplaints();

export const operation = implement(spec, async (req) =>
  json(201, await complaints.fileComplaint(req.citizen!, req.body, clock.now())),
);

export const handler = apiHandler(operation);
