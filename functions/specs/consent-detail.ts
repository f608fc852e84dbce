import { consentKeySchema } from '../domain/consent/schema.js';
import { defineSpec } from '../http/operation.js';
import { channelOf, consentStatusResponse } from '../schemas/consent-api.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'consentDetail',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/status',
  summary: 'Tekil izin durumu sorgula (bilinmeyen izin: 404 X005)',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read', channelsFrom: (r) => channelOf(r.body) },
  body: consentKeySchema,
  bodyErrorCode: 'H097',
  responses: {
    200: { description: 'İzin durumu', schema: consentStatusResponse },
    404: { description: 'X005 izin bulunamadı; H001, H018', schema: errorBody },
    422: { description: 'H111, H114, H116, H117, H120, H121, H170, H464, H118', schema: errorBody },
  },
});
