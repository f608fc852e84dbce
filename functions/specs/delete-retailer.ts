import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'deleteRetailer',
  method: 'DELETE',
  path: '/sps/{iysCode}/brands/{brandCode}/retailers/{retailerCode}',
  summary: 'Bayi sil: yalnızca hiçbir izinle ilişkili olmayan bayi silinebilir.',
  tag: 'BAYİ YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write' },
  responses: {
    200: { description: 'Başarı (text/plain)' },
    400: {
      description:
        'H1022 (bayi bir izinle ilişkili: önce izin ilişkileri kaldırılmalı), H267 (retailerCode tamsayı değil)',
      schema: errorBody,
    },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001, H018, H058', schema: errorBody },
  },
});
