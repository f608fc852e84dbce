import { z } from 'zod';
import { myComplaints } from '../app/complaints.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { citizenComplaint } from '../schemas/complaints.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
  operationId: 'citizenComplaints',
  method: 'GET',
  path: '/citizen/complaints',
  summary: 'Alıcı: şikayetlerim ve durumları',
  tag: 'ALICI',
  auth: 'citizen',
  responses: {
    200: { description: 'Şikayetler', schema: z.object({ list: z.array(citizenComplaint) }) },
    401: { description: 'X042', schema: errorBody },
  },
  run: async (req) => json(200, await myComplaints(req.citizen!)),
});

export const handler = apiHandler(operation);
