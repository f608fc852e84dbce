import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { subscriptionAnswer } from '../schemas/subscription.js';

export const spec = defineSpec({
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
});
