import { connections } from '../app/push.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { pushConnections } from '../schemas/push.js';

export const operation = defineOperation({
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
  run: async (req) =>
    json(200, await connections({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! })),
});

export const handler = apiHandler(operation);
