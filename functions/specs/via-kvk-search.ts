import { parseKvkSearchBody } from '../domain/via/request.js';
import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { viaKvkSearchBody, viaKvkSearchResponse } from '../schemas/via.js';

export const spec = defineSpec({
  operationId: 'searchKVKConsent',
  method: 'POST',
  path: '/via/sps/{iysCode}/consent/status',
  summary: 'KVK isteği sorgulama: alıcı ve KVK tipine göre requestId listesi',
  tag: 'İLETİ ViA',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  body: viaKvkSearchBody,
  checkBody: (input) => parseKvkSearchBody(input),
  responses: {
    200: { description: 'requestId listesi', schema: viaKvkSearchResponse },
    400: { description: 'H1025, H1026, H1027, H1029, H1042, H1043, H1057, H1085', schema: errorBody },
  },
});
