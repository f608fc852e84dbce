import { clock } from '../adapters/clock.js';
import { fileComplaint } from '../app/complaints.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/citizen-complaints-file.js';

export const operation = implement(spec, async (req) =>
  json(201, await fileComplaint(req.citizen!, req.body, clock.now())),
);

export const handler = apiHandler(operation);
