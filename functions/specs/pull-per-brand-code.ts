import { defineSpec } from '../http/operation.js';
import { pullQuery, pullResponse } from '../schemas/consent-api.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'PullPerBrandCode',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/changes',
  summary: 'İzin hareketleri (değişiklik akışı): en eskiden yeniye, imleç `after` ile',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  query: pullQuery,
  responses: {
    200: { description: 'Hareketler', schema: pullResponse },
    204: { description: 'Hareket yok' },
    422: { description: 'H506, H507', schema: errorBody },
  },
});
