import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { retailerListQuery, retailerPage } from '../schemas/retailers.js';

export const spec = defineSpec({
  operationId: 'searchRetailers',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/retailers',
  summary: 'Bayi listeleme (offset, limit ≤ 100; all: pasifler dahil; short: kısa görünüm).',
  tag: 'BAYİ YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  query: retailerListQuery,
  responses: {
    200: { description: 'Bayiler', schema: retailerPage },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001, H018', schema: errorBody },
    422: { description: 'H182, H183, H184, H185, H186, H187', schema: errorBody },
  },
});
