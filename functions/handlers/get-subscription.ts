import { providerSubscription } from '../app/subscriptions.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/get-subscription.js';

export const operation = implement(spec, async (req) =>
  json(200, await providerSubscription(req.codes.iysCode!, req.identity!.kind === 'INTEGRATOR')),
);

export const handler = apiHandler(operation);
