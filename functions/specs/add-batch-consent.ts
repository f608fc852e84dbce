import { checkBatchBody } from '../domain/consent/validate.js';
import { defineSpec } from '../http/operation.js';
import { batchAccepted, batchBody, batchChannels } from '../schemas/batch.js';
import { errorBody } from '../schemas/identity.js';

export const batchErrors = {
  400: { description: 'H014, H092', schema: errorBody },
  401: { description: 'H351', schema: errorBody },
  403: { description: 'H353', schema: errorBody },
  404: { description: 'H001, H018', schema: errorBody },
  422: {
    description:
      'H091 (more than 1000), H194 (duplicate item), and each item’s field rules with `index` (H110–H121, H155–H162, H118, H408, H464, H467)',
    schema: errorBody,
  },
};

export const spec = defineSpec({
  operationId: 'addBatchConsent',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/request',
  summary: 'Asenkron çoklu izin ekleme (1–1000 izin); sonuç requestId ile sorgulanır.',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write', channelsFrom: (r) => batchChannels(r.body) },
  body: batchBody,
  checkBody: (input, { now }) => checkBatchBody(input, now),
  batchBody: true,
  responses: { 202: { description: 'İşleme alındı', schema: batchAccepted }, ...batchErrors },
});
