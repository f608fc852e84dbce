import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { retailerView } from '../schemas/retailers.js';

export const spec = defineSpec({
  operationId: 'searchSingleRetailer',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/retailers/{retailerCode}',
  summary: 'Bayi sorgulama (İYS gibi, bayi yoksa da 200 ve boş nesne).',
  tag: 'BAYİ YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: {
    200: { description: 'Bayi', schema: retailerView.partial() },
    400: { description: 'H267 (retailerCode tamsayı değil)', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001, H018', schema: errorBody },
  },
});
