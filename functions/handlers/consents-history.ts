import { consentHistory } from '../app/consents.js';
import { consentKeySchema } from '../domain/consent/schema.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { channelOf, historyQuery, historyResponse } from '../schemas/consent-api.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
  operationId: 'consentsHistory',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/history',
  summary: 'İzin hareket geçmişi (en yeni izin tarihi önce)',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read', channelsFrom: (r) => channelOf(r.body) },
  body: consentKeySchema,
  bodyErrorCode: 'H097',
  query: historyQuery,
  responses: {
    200: { description: 'Geçmiş', schema: historyResponse },
    422: { description: 'H182, H183, H186, H187 ve alan kuralları', schema: errorBody },
  },
  run: async (req) =>
    json(
      200,
      await consentHistory({ iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! }, req.body, {
        limit: req.query.limit ?? 100,
        offset: req.query.offset ?? 0,
      }),
    ),
});

export const handler = apiHandler(operation);
