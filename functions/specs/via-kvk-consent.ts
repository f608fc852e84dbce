import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { viaKvkConsentResponse } from '../schemas/via.js';

export const spec = defineSpec({
  operationId: 'getKVKConsent',
  method: 'GET',
  path: '/via/sps/{iysCode}/consent/{requestId}',
  summary: 'KVK tekil izin sorgulama (requestId ile)',
  tag: 'İLETİ ViA',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: {
    200: { description: 'KVK izinleri', schema: viaKvkConsentResponse },
    400: { description: 'H1030, H1076', schema: errorBody },
  },
});
