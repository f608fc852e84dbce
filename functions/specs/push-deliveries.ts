import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { pushDeliveries } from '../schemas/push.js';

export const spec = defineSpec({
  operationId: 'pushDeliveries',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/push/deliveries',
  summary:
    'Push teslim kaydı: son 100 deneme (zaman, adres, hareket sayısı, deneme, sonuç, HTTP durumu, süre)',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: {
    200: { description: 'Teslim kaydı', schema: pushDeliveries },
    403: { description: 'H353', schema: errorBody },
  },
});
