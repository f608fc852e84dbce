import { batchStatusBodySchema } from '../domain/consent/schema.js';
import type { Channel } from '../domain/rights.js';
import { defineSpec } from '../http/operation.js';
import { batchStatusResponse, statusPath } from '../schemas/consent-api.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'batchConsentStatus',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/{recipientType}/status/{type}',
  summary: 'Çoklu izin durumu: verilen ≤ 1000 alıcıdan ONAY olanlar',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: {
    actors: ['HS', 'INTEGRATOR'],
    mode: 'read',
    channelsFrom: (r) => (statusPath.type.safeParse(r.path.type).success ? [r.path.type as Channel] : []),
  },
  body: batchStatusBodySchema,
  bodyValidation: 'usecase',
  responses: {
    200: { description: 'ONAY olan alıcılar', schema: batchStatusResponse },
    422: { description: 'H116, H117, H164, H168, H478, H127, H193, H464, H120, H121', schema: errorBody },
  },
});
