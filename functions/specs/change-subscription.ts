import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { operatorSubscriptionAnswer, subscriptionChangeBody } from '../schemas/subscription.js';

export const spec = defineSpec({
  operationId: 'changeSubscription',
  method: 'PUT',
  path: '/operator/sps/{iysCode}/subscription',
  summary:
    'Aboneliği değiştir (OPERATOR): paket, durum, tarihler, izin limiti, API kullanımı ve ViA paketi (kredi) bir arada; gerekçe (reason) geçmişe yazılır. version verilirse arada yapılmış bir değişiklik X010 ile reddedilir. H520/H521/H586 kapıları değişiklikten sonra uygulanır.',
  tag: 'ABONELİK',
  auth: 'bearer',
  rights: { actors: ['OPERATOR'] },
  body: subscriptionChangeBody,
  responses: {
    200: { description: 'Yeni abonelik ve sürümü', schema: operatorSubscriptionAnswer },
    404: { description: 'H001', schema: errorBody },
    409: { description: 'X010 (abonelik bu arada değişti: yeniden okuyup deneyin)', schema: errorBody },
    422: { description: 'X008 (alan kuralı), X034 (bitiş başlangıçtan önce)', schema: errorBody },
  },
});
