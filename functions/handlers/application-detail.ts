import { applicationDetail } from '../app/applications.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/application-detail.js';

export const operation = implement(spec, async (req) =>
  json(200, await applicationDetail(req.path.applicationId ?? '')),
);

export const handler = apiHandler(operation);
