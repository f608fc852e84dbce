import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { grantBody } from '../schemas/integrators.js';

export const spec = defineSpec({
  operationId: 'grantIntegrator',
  method: 'POST',
  path: '/sps/{iysCode}/integrators/{integratorCode}/grants',
  summary:
    'İş ortağına bir marka için kanal bazında okuma/yazma (ve mutabakat) yetkisi ver; hiçbir kanal verilmezse yetki kaldırılır.',
  tag: 'BAŞVURU VE YÖNETİM',
  auth: 'bearer',
  rights: { actors: ['HS', 'OPERATOR'], mode: 'write' },
  body: grantBody,
  responses: {
    200: { description: 'Yetki verildi veya kaldırıldı' },
    400: { description: 'H363', schema: errorBody },
    403: { description: 'H353, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001, H018, H129', schema: errorBody },
    422: { description: 'X008 (a field of the grant is not valid)', schema: errorBody },
  },
});
