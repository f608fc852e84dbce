import { grantIntegrator } from '../app/integrators.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { grantBody } from '../schemas/integrators.js';

export const operation = defineOperation({
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
  },
  run: async (req) => {
    const b = req.body;
    const channels = Object.fromEntries(
      (['MESAJ', 'ARAMA', 'EPOSTA'] as const).filter((c) => b[c]).map((c) => [c, b[c]!]),
    );
    const result = await grantIntegrator(req.codes.iysCode!, req.codes.integratorCode!, {
      brandCode: b.brandCode,
      channels,
      agreementControl: b.agreementControl,
    });
    return json(200, {
      result,
      iysCode: req.codes.iysCode,
      integratorCode: req.codes.integratorCode,
      brandCode: b.brandCode,
      ...channels,
    });
  },
});

export const handler = apiHandler(operation);
