import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/list-applications.js';
import { awsApplications } from '../wiring/applications.js';

/** The composition root: the application use cases and their AWS ports, built once per cold start. */
const applications = awsApplications();

export const operation = implement(spec, async (req) =>
  json(200, await applications.listApplications(req.query.status)),
);

export const handler = apiHandler(operation);
