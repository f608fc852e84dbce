import { clock } from '../adapters/clock.js';
import { rejectApplication } from '../app/applications.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/reject-application.js';

export const operation = implement(spec, async (req) =>
  json(
    200,
    await rejectApplication(req.path.applicationId ?? '', req.body.reason, {
      operator: req.identity!.username,
      clock,
    }),
  ),
);

export const handler = apiHandler(operation);
