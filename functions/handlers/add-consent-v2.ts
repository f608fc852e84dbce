import { clock } from '../adapters/clock.js';
import { recordConsent } from '../app/consents.js';
import { consentSchema } from '../domain/consent/schema.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { channelOf, recorded } from '../schemas/consent-api.js';
import { addConsentErrors } from './add-consent.js';

export const operation = defineOperation({
  operationId: 'addConsentV2',
  method: 'POST',
  path: '/v2/sps/{iysCode}/brands/{brandCode}/consents',
  summary: 'Tekil izin ekle (idempotent): aynı yol ve gövde aynı transactionId’yi döner.',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write', channelsFrom: (r) => channelOf(r.body) },
  body: consentSchema,
  bodyValidation: 'usecase',
  responses: {
    200: { description: 'Kaydedildi (veya daha önce kaydedilmişti)', schema: recorded },
    ...addConsentErrors,
  },
  run: async (req) => {
    const r = await recordConsent(
      { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
      req.body,
      {
        actor: 'HS',
        now: clock.now(),
        repeat: { kind: 'v2' },
      },
    );
    return json(200, { transactionId: r.transactionId, creationDate: r.creationDate });
  },
});

export const handler = apiHandler(operation);
