import { z } from 'zod';
import { defineSpec } from '../http/operation.js';
import { citizenComplaint } from '../schemas/complaints.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
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
});
