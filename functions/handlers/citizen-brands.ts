import { clock } from '../adapters/clock.js';
import { addBrand } from '../app/citizens.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/citizen-brands.js';

export const operation = implement(spec, async (req) => {
  const r = await addBrand(req.citizen!, req.body, clock.now());
  return json(201, { transactionId: r.transactionId, creationDate: r.creationDate });
});

export const handler = apiHandler(operation);
