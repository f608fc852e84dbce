import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'get-sps-iysCode-via-clarification-requestId-file',
  method: 'GET',
  path: '/via/sps/{iysCode}/via/clarification/{requestId}/file',
  summary:
    'VİA işlem dosyası (.zip): işlem özeti (JSON), hizmet sağlayıcının CMS imzası (.p7s) ve İYS zaman damgası (.tsr)',
  tag: 'İLETİ ViA',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: {
    200: { description: 'application/zip (docs/via.md: openssl ile doğrulama)' },
    400: {
      description: 'H1072 (tamamlanmamış, bilinmeyen veya başka hizmet sağlayıcının işlemi)',
      schema: errorBody,
    },
  },
});
