import { clock } from '../adapters/clock.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/end-subscription.js';
import { awsSubscriptions } from '../wiring/subscriptions.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const subscriptions = awsSubscriptions();

export const operation = implement(spec, async (req) =>
  json(
    200,
    await subscriptions.changeSubscription(req.codes.iysCode!, undefined, {
      by: req.identity!.username,
      reason: req.body.reason,
      ...(req.body.version !== undefined ? { expectedVersion: req.body.version } : {}),
      now: clock.now(),
      requestId: req.requestId,
    }),
  ),
);

export const handler = apiHandler(operation);
