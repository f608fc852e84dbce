import { clock } from '../adapters/clock.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/citizen-brands.js';
import { awsCitizens } from '../wiring/citizens.js';

/** The composition root: the recipient use cases and their AWS ports, built once per cold start. */
const citizens = awsCitizens();

export const operation = implement(spec, async (req) => {
  const r = await citizens.addBrand(req.citizen!, req.body, clock.now());
  return json(201, { transactionId: r.transactionId, creationDate: r.creationDate });
});

export const handler = apiHandler(operation);
