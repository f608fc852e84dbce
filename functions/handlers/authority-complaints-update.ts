import { z } from 'zod';
import { clock } from '../adapters/clock.js';
import { updateForAuthority } from '../app/authority.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { authorityPatch } from '../schemas/complaints.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
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
  run: async (req) =>
    json(
      200,
      await updateForAuthority(
        req.identity!,
        req.path.complaintId ?? '',
        req.body,
        req.requestId,
        clock.now(),
      ),
    ),
});

export const handler = apiHandler(operation);
