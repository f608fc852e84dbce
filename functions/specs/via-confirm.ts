import { parseConfirmBody } from '../domain/via/request.js';
import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { viaConfirmBody, viaConfirmResponse } from '../schemas/via.js';

export const spec = defineSpec({
  operationId: 'viaConfirmation',
  method: 'POST',
  path: '/via/sps/{iysCode}/confirmation',
  summary: 'VİA işlem tamamlama: OTP kodlarıyla onayı kaydeder (3 dakika, en çok 3 deneme)',
  tag: 'İLETİ ViA',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write' },
  body: viaConfirmBody,
  checkBody: (input) => parseConfirmBody(input),
  statusOverrides: { H1060: 400, H1064: 400 },
  responses: {
    200: {
      description: 'Oluşan izinler (transactionId, creationDate, type, brandCode)',
      schema: viaConfirmResponse,
    },
    400: {
      description:
        'H1005, H1012, H1013, H1015, H1025, H1029, H1030, H1032, H1042, H1043, H1049, H1050, H1051, H1052, H1054, H1056, H1057, H1060, H1064, H1110',
      schema: errorBody,
    },
    409: { description: 'X010', schema: errorBody },
  },
});
