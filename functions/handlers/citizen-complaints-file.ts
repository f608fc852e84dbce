import { z } from 'zod';
import { clock } from '../adapters/clock.js';
import { fileComplaint } from '../app/complaints.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { complaintBody } from '../schemas/complaints.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
  operationId: 'citizenComplaintFile',
  method: 'POST',
  path: '/citizen/complaints',
  summary: 'Alıcı: izinsiz ileti şikayeti (marka veya gönderici, kanal, alındığı an, metin)',
  tag: 'ALICI',
  auth: 'citizen',
  body: complaintBody,
  responses: {
    201: { description: 'Şikayet alındı', schema: z.object({ complaintId: z.string() }) },
    401: { description: 'X042', schema: errorBody },
    404: { description: 'H018', schema: errorBody },
    422: { description: 'H111, H117, H464, X049, X050, X051', schema: errorBody },
  },
  run: async (req) => json(201, await fileComplaint(req.citizen!, req.body, clock.now())),
});

export const handler = apiHandler(operation);
