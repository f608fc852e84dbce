import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { viaRequestResponse } from '../schemas/via.js';

export const spec = defineSpec({
  operationId: 'getViaRequest',
  method: 'GET',
  path: '/via/sps/{iysCode}/consent/request/{requestId}',
  summary: 'VİA işlem sorgulama: aşama/durum (stage/status) ve izin ayrıntıları',
  tag: 'İLETİ ViA',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: {
    200: { description: 'İşlem', schema: viaRequestResponse },
    400: { description: 'H1030 (başka hizmet sağlayıcının işlemi de bulunamaz)', schema: errorBody },
  },
});
