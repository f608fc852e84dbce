import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { operatorSubscriptionAnswer } from '../schemas/subscription.js';

export const spec = defineSpec({
  operationId: 'operatorSubscription',
  method: 'GET',
  path: '/operator/sps/{iysCode}/subscription',
  summary:
    'Hizmet sağlayıcının aboneliği (OPERATOR): HS’nin gördüğü alanlar, API kullanımı (api) ve bir değişikliğin belirteceği sürüm (version); abonelik yoksa subscription null.',
  tag: 'ABONELİK',
  auth: 'bearer',
  rights: { actors: ['OPERATOR'] },
  responses: {
    200: { description: 'Abonelik ve sürümü', schema: operatorSubscriptionAnswer },
    404: { description: 'H001', schema: errorBody },
  },
});
