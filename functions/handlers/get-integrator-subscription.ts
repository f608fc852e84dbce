import { ownIntegrator } from '../app/integrators.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/get-integrator-subscription.js';
import { awsIntegrators } from '../wiring/integrators.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const integrators = awsIntegrators();

export const operation = implement(spec, async (req) => {
  // İYS answers H522 to any other actor here (not H363).
  ownIntegrator(req.identity!, req.codes.integratorCode!, 'H522');
  return json(200, await integrators.integratorSubscription(req.codes.integratorCode!));
});

export const handler = apiHandler(operation);
