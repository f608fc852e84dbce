import { createBrand } from '../app/admin.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/create-brand.js';

export const operation = implement(spec, async (req) =>
  json(201, await createBrand(req.codes.iysCode!, req.body)),
);

export const handler = apiHandler(operation);
