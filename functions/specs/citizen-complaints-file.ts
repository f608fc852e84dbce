import { z } from 'zod';
import { defineSpec } from '../http/operation.js';
import { complaintBody } from '../schemas/complaints.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
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
});
