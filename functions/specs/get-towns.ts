import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { townList } from '../schemas/info.js';

export const spec = defineSpec({
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
});
