import { consentKeySchema } from '../domain/consent/schema.js';
import { defineSpec } from '../http/operation.js';
import { channelOf, historyQuery, historyResponse } from '../schemas/consent-api.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'consentsHistory',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/history',
  summary: 'İzin hareket geçmişi (en yeni izin tarihi önce)',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read', channelsFrom: (r) => channelOf(r.body) },
  body: consentKeySchema,
  bodyErrorCode: 'H097',
  query: historyQuery,
  responses: {
    200: { description: 'Geçmiş', schema: historyResponse },
    422: {
      description:
        'H182, H183, H186, H187 ve alan kuralları (H111, H114, H116, H117, H120, H121, H170, H464, H118)',
      schema: errorBody,
    },
  },
});
