import { ownIntegrator } from '../app/integrators.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/integrator-list-by-iys-code.js';
import { awsIntegrators } from '../wiring/integrators.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const integrators = awsIntegrators();

export const operation = implement(spec, async (req) => {
  ownIntegrator(req.identity!, req.codes.integratorCode!, 'H363');
  return json(200, await integrators.grantedBrands(req.codes.integratorCode!, req.codes.iysCode!, req.query));
});

export const handler = apiHandler(operation);
