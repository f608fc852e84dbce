import { z } from 'zod';
import { defineSpec } from '../http/operation.js';
import { authorityQuery } from '../schemas/complaints.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'authorityComplaints',
  method: 'GET',
  path: '/authority/complaints',
  summary:
    'Kamu otoritesi: şikayetler, iletinin alındığı andaki izin durumu ve izin hareketleri (her okuma denetim kaydına yazılır)',
  tag: 'KAMU OTORİTESİ',
  auth: 'bearer',
  rights: { actors: ['AUTHORITY'] },
  query: authorityQuery,
  responses: {
    200: {
      description: 'Şikayetler',
      schema: z.object({ list: z.array(z.record(z.string(), z.unknown())) }),
    },
    401: { description: 'H351', schema: errorBody },
    403: { description: 'H363', schema: errorBody },
  },
});
