import { defineSpec } from '../http/operation.js';
import { channelOf } from '../schemas/consent-api.js';
import { errorBody } from '../schemas/identity.js';
import { accessAccepted, removeAllRetailersBody } from '../schemas/retailers.js';

export const spec = defineSpec({
  operationId: 'removeRelationsBetweenRetailersAndConsents',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/retailers/access/remove/all',
  summary: 'Verilen izinlerden tüm bayilerin erişimini kaldırır.',
  tag: 'BAYİ İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write', channelsFrom: (r) => channelOf(r.body) },
  body: removeAllRetailersBody,
  bodyErrorCode: 'H172',
  responses: {
    202: { description: 'Kabul edildi: `1`, İYS gibi', schema: accessAccepted },
    400: { description: 'H014, H172', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001, H018', schema: errorBody },
    422: {
      description: 'H111, H116, H117, H120, H121, H127, H164, H166, H168, H169, H170',
      schema: errorBody,
    },
  },
});
