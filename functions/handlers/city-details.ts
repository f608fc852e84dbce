import { cityOf } from '../data/places.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { city } from '../schemas/info.js';

export const operation = defineOperation({
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
  run: async (req) => {
    const raw = req.path.code ?? '';
    if (!/^\d{1,6}$/.test(raw)) throw IysError.of('H241', { location: ['code'], value: raw });
    const found = cityOf(Number(raw));
    return found ? json(200, found) : json(204);
  },
});

export const handler = apiHandler(operation);
