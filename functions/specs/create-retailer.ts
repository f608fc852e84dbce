import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { createRetailerBody, retailerCreated } from '../schemas/retailers.js';

export const spec = defineSpec({
  operationId: 'createRetailer',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/retailers',
  summary: 'Bayi ekleme: marka altına bayi yaratır, rastgele 8 haneli retailerCode döner.',
  tag: 'BAYİ YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write' },
  body: createRetailerBody,
  bodyErrorCode: 'H016',
  responses: {
    201: { description: 'Bayi yaratıldı', schema: retailerCreated },
    400: { description: 'H014, H067 (kod kalmadı), H243/H244', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001, H018', schema: errorBody },
    422: { description: 'H016, H017, H201, H214–H231, H253, H288', schema: errorBody },
  },
});
