import { listBrands } from '../adapters/registry-store.js';
import { directory } from '../app/directory.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { brandList } from '../schemas/brands.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
  operationId: 'getBrandsDetails',
  method: 'GET',
  path: '/sps/{iysCode}/brands',
  summary: 'Markaları ve istatistiklerini listele',
  tag: 'MARKA YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: {
    200: { description: 'Markalar', schema: brandList },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H353', schema: errorBody },
    404: { description: 'H001', schema: errorBody },
  },
  run: async (req) => {
    const identity = req.identity!;
    let brands = await listBrands(req.codes.iysCode!);
    if (identity.kind === 'INTEGRATOR') {
      // An integrator sees only the brands it was granted.
      const granted = new Set(
        (await directory.grants(identity.integratorCode!))
          .filter((g) => g.iysCode === req.codes.iysCode)
          .map((g) => g.brandCode),
      );
      brands = brands.filter((b) => granted.has(b.brandCode));
    }
    return json(
      200,
      brands.map((b) => ({
        brandCode: b.brandCode,
        name: b.name,
        master: b.master,
        stats: {
          consents: {
            approval: b.stats?.approval ?? 0,
            rejection: b.stats?.rejection ?? 0,
            total: b.stats?.total ?? 0,
          },
          retailers: { total: b.stats?.retailers ?? 0 },
        },
      })),
    );
  },
});

export const handler = apiHandler(operation);
