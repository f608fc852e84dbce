import { defineSpec } from '../http/operation.js';
import { applicationBody, applicationCreated } from '../schemas/applications.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'createApplication',
  method: 'POST',
  path: '/applications',
  summary:
    'Hizmet sağlayıcı başvurusu (herkese açık, IP başına saatlik sınırlı). Belgeler yanıtta verilen imzalı S3 POST hedeflerine PDF (≤ 10 MB) olarak yüklenir.',
  tag: 'BAŞVURU VE YÖNETİM',
  auth: 'none',
  body: applicationBody,
  bodyErrorCode: 'X008',
  responses: {
    201: { description: 'Başvuru alındı', schema: applicationCreated },
    400: { description: 'H014', schema: errorBody },
    422: { description: 'X007, X008, X021, X022, X032, X033 (alanı location ile)', schema: errorBody },
    429: { description: 'X026', schema: errorBody },
  },
});
