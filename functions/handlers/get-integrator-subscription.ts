import { integratorSubscription, ownIntegrator } from '../app/integrators.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { subscriptionAnswer } from '../schemas/subscription.js';

export const operation = defineOperation({
  operationId: 'getIntegratorSubscription',
  method: 'GET',
  path: '/integrator/{integratorCode}/subscription',
  summary: 'İş ortağının kendi aboneliği (yalnızca iş ortağı kullanıcıları).',
  tag: 'ABONELİK',
  auth: 'bearer',
  responses: {
    200: { description: 'Abonelik', schema: subscriptionAnswer },
    400: { description: 'H522', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353', schema: errorBody },
    404: { description: 'H437', schema: errorBody },
  },
  run: async (req) => {
    // İYS answers H522 to any other actor here (not H363).
    ownIntegrator(req.identity!, req.codes.integratorCode!, 'H522');
    return json(200, await integratorSubscription(req.codes.integratorCode!));
  },
});

export const handler = apiHandler(operation);
