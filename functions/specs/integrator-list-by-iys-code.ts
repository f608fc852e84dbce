import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { integratorList } from '../schemas/integrators.js';
import { pageQuery } from '../schemas/retailers.js';

export const spec = defineSpec({
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
});
