import { apiHandler } from '../http/api-handler.js';
import { defineOperation } from '../http/operation.js';
import { requestDetailsResponse } from '../schemas/batch.js';
import { detailErrors, runDetails } from './search-request-details.js';

export const operation = defineOperation({
  operationId: 'searchRequestDetailsV2',
  method: 'GET',
  path: '/v2/sps/{iysCode}/brands/{brandCode}/consents/request/{requestId}',
  summary: 'Çoklu izin ekleme isteği sorgulama V2: tekrar gönderilen izinler için ilk işlem bilgisi.',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: { 200: { description: 'İzinlerin durumu', schema: requestDetailsResponse }, ...detailErrors },
  run: runDetails('v2'),
});

export const handler = apiHandler(operation);
