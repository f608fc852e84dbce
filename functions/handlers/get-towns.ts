import { towns } from '../data/places.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { townList } from '../schemas/info.js';

export const operation = defineOperation({
  operationId: 'getTowns',
  method: 'GET',
  path: '/info/town',
  summary: 'İlçeleri listele',
  tag: 'BİLGİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR', 'OPERATOR', 'AUTHORITY', 'CALL_CENTRE'] },
  responses: {
    200: { description: 'Liste', schema: townList },
    401: { description: 'H351', schema: errorBody },
  },
  run: async () => json(200, towns),
});

export const handler = apiHandler(operation);
