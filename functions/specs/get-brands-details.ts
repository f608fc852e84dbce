import { defineSpec } from '../http/operation.js';
import { brandList } from '../schemas/brands.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'getBrandsDetails',
  method: 'GET',
  path: '/sps/{iysCode}/brands',
  summary: 'Markaları ve istatistiklerini listele',
  tag: 'MARKA YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: {
    200: { description: 'Markalar', schema: brandList },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353', schema: errorBody },
    404: { description: 'H001', schema: errorBody },
  },
});
