import { clock } from '../adapters/clock.js';
import { approveApplication } from '../app/applications.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/approve-application.js';

export const operation = implement(spec, async (req) =>
  json(
    200,
    await approveApplication(req.path.applicationId ?? '', { operator: req.identity!.username, clock }),
  ),
);

export const handler = apiHandler(operation);
