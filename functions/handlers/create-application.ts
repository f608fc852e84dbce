import { clock } from '../adapters/clock.js';
import { createApplication } from '../app/applications.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/create-application.js';

export const operation = implement(spec, async (req) =>
  json(201, await createApplication(req.body, { ip: req.sourceIp, clock })),
);

export const handler = apiHandler(operation);
