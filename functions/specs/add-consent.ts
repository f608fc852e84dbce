import { type ConsentBody, consentSchema } from '../domain/consent/schema.js';
import { checkConsentBody } from '../domain/consent/validate.js';
import { defineSpec } from '../http/operation.js';
import { channelOf, recorded } from '../schemas/consent-api.js';
import { errorBody } from '../schemas/identity.js';

export const errors = {
  400: { description: 'H014, H174, H175, H178, H462, H463', schema: errorBody },
  401: { description: 'H351', schema: errorBody },
  403: { description: 'H353, H180', schema: errorBody },
  404: { description: 'H001, H018', schema: errorBody },
  409: {
    description: 'X010 (the consent kept changing under concurrent writes: try again)',
    schema: errorBody,
  },
  422: {
    description:
      'Field rules (H110–H121, H155–H162, H118, H408, H464, H467); H525 (the package’s consent limit)',
    schema: errorBody,
  },
};

export const spec = defineSpec({
  operationId: 'addConsent',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/consents',
  summary: 'Tekil izin ekle (eşzamanlı). Idempotency-Key başlığı ile yeniden denemeye karşı güvenli.',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write', channelsFrom: (r) => channelOf(r.body) },
  body: consentSchema,
  checkBody: (input, { now }) => checkConsentBody<ConsentBody>(input, now),
  responses: { 200: { description: 'Kaydedildi', schema: recorded }, ...errors },
});

export { errors as addConsentErrors };
