import { z } from 'zod';

/** /info/city and /info/town answers (İYS schemas Code-Name and TownSchema). */
export const city = z
  .object({
    code: z.number().int().meta({ description: 'Traffic (plate) code 1–81.', example: 34 }),
    name: z.string().meta({ example: 'İstanbul' }),
  })
  .meta({ id: 'Code-Name' });

export const town = z
  .object({
    code: z.number().int().meta({ description: 'District code, global and sequential.', example: 1 }),
    name: z.string().meta({ example: 'Seyhan' }),
    city_code: z.number().int().meta({ example: 1 }),
  })
  .meta({ id: 'TownSchema' });

export const cityList = z.array(city);
export const townList = z.array(town);
