import { providerSubscription } from '../app/subscriptions.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { subscriptionAnswer } from '../schemas/subscription.js';

export const operation = defineOperation({
  operationId: 'get-subscription',
  method: 'GET',
  path: '/sps/{iysCode}/subscription',
  summary:
    'Hizmet sağlayıcının aboneliği; iş ortakları limit alanlarını görmez. PAUSED/EXPIRED iken de açıktır.',
  tag: 'ABONELİK',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read', subscriptionQuery: true },
  responses: {
    200: { description: 'Abonelik', schema: subscriptionAnswer },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H521, H524', schema: errorBody },
    404: { description: 'H001, H437', schema: errorBody },
  },
  run: async (req) =>
    json(200, await providerSubscription(req.codes.iysCode!, req.identity!.kind === 'INTEGRATOR')),
});

export const handler = apiHandler(operation);
