import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { cityList } from '../schemas/info.js';

export const spec = defineSpec({
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
});
