import { defineSpec } from '../http/operation.js';
import { approved } from '../schemas/applications.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'approveApplication',
  method: 'POST',
  path: '/applications/{applicationId}/approve',
  summary:
    'Başvuruyu onayla (OPERATOR): hizmet sağlayıcıyı, KMS anahtarlarını, ana ve alt markaları, yönetici ve API kullanıcısını yaratır; başvurana çıkış kutusundan bildirir.',
  tag: 'BAŞVURU VE YÖNETİM',
  auth: 'bearer',
  rights: { actors: ['OPERATOR'] },
  responses: {
    200: { description: 'Onaylandı', schema: approved },
    400: { description: 'H363', schema: errorBody },
    401: { description: 'H351', schema: errorBody },
    404: { description: 'X023', schema: errorBody },
    409: { description: 'X024', schema: errorBody },
    422: { description: 'X025 (eksik belge), X031 (belge türü/boyutu)', schema: errorBody },
  },
});
