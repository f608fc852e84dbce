import { defineSpec } from '../http/operation.js';
import { channelOf } from '../schemas/consent-api.js';
import { errorBody } from '../schemas/identity.js';
import { accessAdded, addRetailersBody } from '../schemas/retailers.js';

export const spec = defineSpec({
  operationId: 'addRetailers',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/retailers/access',
  summary: 'Kayıtlı bir izne bayi erişimi ekler (≤ 100 bayi).',
  tag: 'BAYİ İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write', channelsFrom: (r) => channelOf(r.body) },
  body: addRetailersBody,
  bodyErrorCode: 'H090',
  responses: {
    200: { description: 'Eklendi', schema: accessAdded },
    400: { description: 'H014, H090, H401 (izin yok)', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H180, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001, H018', schema: errorBody },
    422: {
      description: 'H111, H114, H116, H117, H120, H121, H126, H163, H166, H169, H170, H193',
      schema: errorBody,
    },
  },
});
