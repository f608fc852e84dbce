import { defineSpec } from '../http/operation.js';
import { requestDetailsResponse } from '../schemas/batch.js';
import { detailErrors } from './search-request-details.js';

export const spec = defineSpec({
  operationId: 'searchRequestDetailsV2',
  method: 'GET',
  path: '/v2/sps/{iysCode}/brands/{brandCode}/consents/request/{requestId}',
  summary: 'Çoklu izin ekleme isteği sorgulama V2: tekrar gönderilen izinler için ilk işlem bilgisi.',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: { 200: { description: 'İzinlerin durumu', schema: requestDetailsResponse }, ...detailErrors },
});
