import { z } from 'zod';
import { clock } from '../adapters/clock.js';
import { listForAuthority } from '../app/authority.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { authorityQuery } from '../schemas/complaints.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
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
  run: async (req) => json(200, await listForAuthority(req.identity!, req.query, req.requestId, clock.now())),
});

export const handler = apiHandler(operation);
