import { defineSpec } from '../http/operation.js';
import { channelOf } from '../schemas/consent-api.js';
import { errorBody } from '../schemas/identity.js';
import { accessAccepted, overrideRetailersBody } from '../schemas/retailers.js';

export const spec = defineSpec({
  operationId: 'overrideRetailers',
  method: 'PUT',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/retailers/access',
  summary: 'İzinlerin bayi erişimlerini verilen listeyle değiştirir (aracı bayi dahil eskiler düşer).',
  tag: 'BAYİ İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write', channelsFrom: (r) => channelOf(r.body) },
  body: overrideRetailersBody,
  bodyErrorCode: 'H171',
  responses: {
    202: { description: 'Kabul edildi: `1`, İYS gibi', schema: accessAccepted },
    400: { description: 'H014, H171', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H180, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001, H018', schema: errorBody },
    422: {
      description: 'H111, H116, H117, H120, H121, H127, H164, H166, H168, H169, H170',
      schema: errorBody,
    },
  },
});
