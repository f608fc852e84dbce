import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'pkiProvider',
  method: 'GET',
  path: '/pki/sps/{certificate}',
  summary: 'Hizmet sağlayıcı imza sertifikası (PEM): /pki/sps/{iysCode}.pem',
  tag: 'EVIDENCE',
  auth: 'none',
  responses: {
    200: { description: 'PEM certificate' },
    404: { description: 'X002 / H001', schema: errorBody },
  },
});
