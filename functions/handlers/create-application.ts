import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/create-application.js';
import { awsApplications } from '../wiring/applications.js';

/** The composition root: the application use cases and their AWS ports, built once per cold start. */
const applications = awsApplications();

export const operation = implement(spec, async (req) =>
  json(201, await applications.createApplication(req.body, req.sourceIp)),
);

export const handler = apiHandler(operation);
