import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { city } from '../schemas/info.js';

export const spec = defineSpec({
  operationId: 'cityDetails',
  method: 'GET',
  path: '/info/city/{code}',
  summary: 'İl bilgisi',
  tag: 'BİLGİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR', 'OPERATOR', 'AUTHORITY', 'CALL_CENTRE'] },
  responses: {
    200: { description: 'Kayıt', schema: city },
    204: { description: 'Kayıt yok' },
    400: { description: 'H241 (kod tamsayı değil)', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
  },
});
