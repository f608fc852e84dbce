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
  // İYS documents no 422 for this operation: a bad query is a 400 (Bad Request) here, with the pagination
  // codes İYS uses for the same checks elsewhere (consentsHistory and integratorList answer them with 422).
  statusOverrides: { H182: 400, H183: 400, H184: 400, H185: 400, H186: 400, H187: 400 },
  responses: {
    200: { description: 'Bayiler', schema: retailerPage },
    400: { description: 'H182, H183, H184, H185, H186, H187 (sorgu değerleri)', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001, H018', schema: errorBody },
  },
});
