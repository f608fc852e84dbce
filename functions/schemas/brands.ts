import { z } from 'zod';

export const brandStats = z
  .object({
    consents: z.object({ approval: z.number().int(), rejection: z.number().int(), total: z.number().int() }),
    retailers: z.object({ total: z.number().int() }),
  })
  .meta({ id: 'BrandStats' });

export const brand = z
  .object({
    brandCode: z.number().int().meta({ example: 700001 }),
    name: z.string().meta({ example: 'Örnek' }),
    master: z.boolean(),
    stats: brandStats,
  })
  .meta({ id: 'Brand' });

export const brandList = z.array(brand);
