import { defineSpec } from '../http/operation.js';
import { channelOf } from '../schemas/consent-api.js';
import { errorBody } from '../schemas/identity.js';
import { consentRetailersQueryBody, pageQuery, retailerPage } from '../schemas/retailers.js';

export const spec = defineSpec({
  operationId: 'searchRetailersOfOneConsent',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/consent/retailers/access/list',
  summary: 'Bir izne erişimi olan bayileri listeler (offset, limit ≤ 100).',
  tag: 'BAYİ İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read', channelsFrom: (r) => channelOf(r.body) },
  body: consentRetailersQueryBody,
  bodyErrorCode: 'H173',
  query: pageQuery,
  responses: {
    200: { description: 'Bayiler', schema: retailerPage },
    400: { description: 'H014, H173', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001, H018', schema: errorBody },
    422: {
      description: 'H111, H114, H116, H117, H120, H121, H166, H170, H182, H183, H186, H187',
      schema: errorBody,
    },
  },
});
