import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { subscriptionAnswer } from '../schemas/subscription.js';

export const spec = defineSpec({
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
});
