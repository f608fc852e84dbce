import { cities } from '../data/places.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { cityList } from '../schemas/info.js';

export const operation = defineOperation({
  operationId: 'getCities',
  method: 'GET',
  path: '/info/city',
  summary: 'İlleri listele',
  tag: 'BİLGİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR', 'OPERATOR', 'AUTHORITY', 'CALL_CENTRE'] },
  responses: {
    200: { description: 'Liste', schema: cityList },
    401: { description: 'H351', schema: errorBody },
  },
  run: async () => json(200, cities),
});

export const handler = apiHandler(operation);
