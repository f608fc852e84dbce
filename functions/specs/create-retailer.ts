import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { createRetailerBody, retailerCreated } from '../schemas/retailers.js';

export const spec = defineSpec({
  operationId: 'createRetailer',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/retailers',
  summary: 'Bayi ekleme: marka altına bayi yaratır, rastgele 8 haneli retailerCode döner.',
  tag: 'BAYİ YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write' },
  body: createRetailerBody,
  bodyErrorCode: 'H016',
  // İYS documents every field rule of this operation under 400 (its examples H016–H231, H243, H244, H253,
  // H288). The codes only this operation uses have 400 in the catalogue; the unknown field (H118) and our
  // empty-field code (X007) are shared with operations where İYS documents 422, so 400 is declared here.
  statusOverrides: { H118: 400, X007: 400 },
  responses: {
    201: { description: 'Bayi yaratıldı', schema: retailerCreated },
    400: {
      description:
        'H014; alan kuralları H016, H017, H201, H214–H222, H224–H231, H243, H244, H288, H118 (bilinmeyen alan), X007 (boş alias); H230/H231 tekil değil, H253 pasif bayi; H067 (kod kalmadı)',
      schema: errorBody,
    },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353, H520, H521, H524, H586', schema: errorBody },
    404: { description: 'H001, H018', schema: errorBody },
  },
});
