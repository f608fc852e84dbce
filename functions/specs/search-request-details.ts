import { defineSpec } from '../http/operation.js';
import { requestDetailsResponse } from '../schemas/batch.js';
import { errorBody } from '../schemas/identity.js';

export const detailErrors = {
  401: { description: 'H351', schema: errorBody },
  403: { description: 'H353', schema: errorBody },
  404: { description: 'H001, H018', schema: errorBody },
  422: { description: 'H198, H199, H400 (requestId)', schema: errorBody },
};

export const spec = defineSpec({
  operationId: 'searchRequestDetails',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/request/{requestId}',
  summary: 'Çoklu izin ekleme isteği sorgulama: her izin için success, failure veya enqueue (60 gün).',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: { 200: { description: 'İzinlerin durumu', schema: requestDetailsResponse }, ...detailErrors },
});
