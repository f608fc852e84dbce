import { z } from 'zod';
import { defineSpec } from '../http/operation.js';
import { authorityPatch } from '../schemas/complaints.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'authorityComplaintUpdate',
  method: 'PATCH',
  path: '/authority/complaints/{complaintId}',
  summary: 'Kamu otoritesi: şikayet durumunu not ile değiştir',
  tag: 'KAMU OTORİTESİ',
  auth: 'bearer',
  rights: { actors: ['AUTHORITY'] },
  body: authorityPatch,
  responses: {
    200: { description: 'Şikayet', schema: z.record(z.string(), z.unknown()) },
    403: { description: 'H363', schema: errorBody },
    404: { description: 'X045', schema: errorBody },
  },
});
