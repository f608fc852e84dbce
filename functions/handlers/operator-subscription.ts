import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/operator-subscription.js';
import { awsSubscriptions } from '../wiring/subscriptions.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const subscriptions = awsSubscriptions();

export const operation = implement(spec, async (req) =>
  json(200, await subscriptions.operatorSubscription(req.codes.iysCode!)),
);

export const handler = apiHandler(operation);
