import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { pushConnections } from '../schemas/push.js';

export const spec = defineSpec({
  operationId: 'getPushRegistration',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/push/registration',
  summary: 'İzin Hareketi İletimi (Push) - Bağlantı Durumu Sorgulama',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: {
    200: { description: 'Bağlantılar', schema: pushConnections },
    403: { description: 'H353', schema: errorBody },
  },
});
