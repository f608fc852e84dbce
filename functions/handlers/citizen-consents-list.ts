import { listConsents } from '../app/citizens.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { citizenConsentList } from '../schemas/citizen.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
  operationId: 'citizenConsents',
  method: 'GET',
  path: '/citizen/consents',
  summary: 'Alıcı: doğrulanmış adres için tüm hizmet sağlayıcı ve markalardaki izinler',
  tag: 'ALICI',
  auth: 'citizen',
  responses: {
    200: { description: 'İzinler', schema: citizenConsentList },
    401: { description: 'X042', schema: errorBody },
  },
  run: async (req) => json(200, await listConsents(req.citizen!)),
});

export const handler = apiHandler(operation);
