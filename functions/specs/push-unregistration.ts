import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { pushBodyMessages, pushMessage, pushUnregistrationBody } from '../schemas/push.js';

export const spec = defineSpec({
  operationId: 'pushUnregistration',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/push/unregistration',
  summary: 'İzin Hareketi İletimi (Push) - Bağlantı Kaldırma (tek seferde bir bağlantı)',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write' },
  body: pushUnregistrationBody,
  bodyErrorCode: 'H097',
  bodyMessages: pushBodyMessages,
  responses: {
    200: { description: 'Bağlantı Kaldırıldı', schema: pushMessage },
    403: { description: 'H353', schema: errorBody },
    422: { description: 'H530, H531, H111, H117, H093', schema: errorBody },
  },
});
