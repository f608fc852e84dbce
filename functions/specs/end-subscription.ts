import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { operatorSubscriptionAnswer, subscriptionEndBody } from '../schemas/subscription.js';

export const spec = defineSpec({
  operationId: 'endSubscription',
  method: 'POST',
  path: '/operator/sps/{iysCode}/subscription/end',
  summary:
    'Aboneliği kaldır (OPERATOR): hizmet sağlayıcının aboneliği kalmaz, sonraki istekleri H524 ile reddedilir; gerekçe geçmişe yazılır.',
  tag: 'ABONELİK',
  auth: 'bearer',
  rights: { actors: ['OPERATOR'] },
  body: subscriptionEndBody,
  responses: {
    200: { description: 'Abonelik kaldırıldı (subscription null)', schema: operatorSubscriptionAnswer },
    404: { description: 'H001, H437', schema: errorBody },
    409: { description: 'X010', schema: errorBody },
    422: { description: 'X008', schema: errorBody },
  },
});
