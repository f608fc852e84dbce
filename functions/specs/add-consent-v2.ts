import { type ConsentBody, consentSchema } from '../domain/consent/schema.js';
import { checkConsentBody } from '../domain/consent/validate.js';
import { defineSpec } from '../http/operation.js';
import { channelOf, recorded } from '../schemas/consent-api.js';
import { addConsentErrors } from './add-consent.js';

export const spec = defineSpec({
  operationId: 'addConsentV2',
  method: 'POST',
  path: '/v2/sps/{iysCode}/brands/{brandCode}/consents',
  summary: 'Tekil izin ekle (idempotent): aynı yol ve gövde aynı transactionId’yi döner.',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write', channelsFrom: (r) => channelOf(r.body) },
  body: consentSchema,
  checkBody: (input, { now }) => checkConsentBody<ConsentBody>(input, now),
  responses: {
    200: { description: 'Kaydedildi (veya daha önce kaydedilmişti)', schema: recorded },
    ...addConsentErrors,
  },
});
