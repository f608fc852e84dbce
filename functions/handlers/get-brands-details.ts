import { directory } from '../adapters/directory.js';
import { listBrands } from '../adapters/registry-store.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/get-brands-details.js';

export const operation = implement(spec, async (req) => {
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
});

export const handler = apiHandler(operation);
