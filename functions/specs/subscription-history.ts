import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { subscriptionHistoryAnswer, subscriptionHistoryQuery } from '../schemas/subscription.js';

export const spec = defineSpec({
  operationId: 'subscriptionHistory',
  method: 'GET',
  path: '/operator/sps/{iysCode}/subscription/history',
  summary:
    'Abonelik değişiklik geçmişi (OPERATOR), en yeniden eskiye: kim, ne zaman, neden, hangi alanlar, önce ve sonra. limit 1–100 (20), after: sonraki sayfa.',
  tag: 'ABONELİK',
  auth: 'bearer',
  rights: { actors: ['OPERATOR'] },
  query: subscriptionHistoryQuery,
  responses: {
    200: { description: 'Değişiklikler', schema: subscriptionHistoryAnswer },
    404: { description: 'H001', schema: errorBody },
    422: { description: 'X008', schema: errorBody },
  },
});
