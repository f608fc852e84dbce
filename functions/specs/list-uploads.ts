import { z } from 'zod';
import { defineSpec } from '../http/operation.js';
import { uploadStatus } from '../schemas/bulk.js';
import { errorBody } from '../schemas/identity.js';

/** Our extension: a brand's latest bulk uploads with their state (the console's list of earlier uploads). */
export const spec = defineSpec({
  operationId: 'listBulkUploads',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/uploads',
  summary: 'Markanın son toplu izin dosyaları (en yenisi önce, en fazla 50) ve durumları.',
  tag: 'TOPLU DOSYA',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  query: z
    .object({
      limit: z.coerce.number({ error: 'X008' }).int('X008').min(1, 'X008').max(50, 'X008').optional(),
    })
    .strict(),
  queryErrorCode: 'X008',
  responses: {
    200: { description: 'Yüklemeler', schema: z.object({ list: z.array(uploadStatus) }) },
    422: { description: 'X008 (limit 1–50)', schema: errorBody },
  },
});
