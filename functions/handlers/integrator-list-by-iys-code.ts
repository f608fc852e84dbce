import { grantedBrands, ownIntegrator } from '../app/integrators.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { integratorList } from '../schemas/integrators.js';
import { pageQuery } from '../schemas/retailers.js';

export const operation = defineOperation({
  operationId: 'integratorListByiysCode',
  method: 'GET',
  path: '/integrator/{integratorCode}/sps/{iysCode}',
  summary: 'İş ortağının bir hizmet sağlayıcıdaki yetkili markaları (H245: iysCode grupta değil).',
  tag: 'İŞ ORTAĞI',
  auth: 'bearer',
  query: pageQuery,
  responses: {
    200: { description: 'Markalar ve yetkiler', schema: integratorList },
    400: { description: 'H363, H245', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353', schema: errorBody },
    422: { description: 'H182, H183, H186, H187', schema: errorBody },
  },
  run: async (req) => {
    ownIntegrator(req.identity!, req.codes.integratorCode!, 'H363');
    return json(200, await grantedBrands(req.codes.integratorCode!, req.codes.iysCode!, req.query));
  },
});

export const handler = apiHandler(operation);
