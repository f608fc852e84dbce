import { clock } from '../adapters/clock.js';
import { register } from '../app/push.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { parsePushBody, pushMessage, pushRegistrationBody } from '../schemas/push.js';

export const operation = defineOperation({
  operationId: 'pushRegistration',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/push/registration',
  summary:
    'İzin Hareketi İletimi (Push) - Bağlantı Oluşturma (https, Basic auth, 5 sn; tür başına en fazla 2 aktif bağlantı)',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write', channelsFrom: (r) => channelsOf(r.body) },
  body: pushRegistrationBody,
  bodyValidation: 'usecase',
  responses: {
    200: { description: 'Bağlantı oluşturuldu', schema: pushMessage },
    400: { description: 'H014', schema: errorBody },
    403: { description: 'H353', schema: errorBody },
    422: { description: 'H191 (zaman aşımı), H530, H531, H111, H117, H093', schema: errorBody },
  },
  run: async (req) => {
    const body = parsePushBody(pushRegistrationBody, req.body);
    return json(
      200,
      await register(
        { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
        body.connection,
        clock.now(),
      ),
    );
  },
});

function channelsOf(body: unknown) {
  const list = (body as { connection?: { type?: unknown }[] } | undefined)?.connection;
  if (!Array.isArray(list)) return [];
  return [
    ...new Set(
      list
        .map((c) => c?.type)
        .filter((t): t is 'ARAMA' | 'MESAJ' | 'EPOSTA' => t === 'ARAMA' || t === 'MESAJ' || t === 'EPOSTA'),
    ),
  ];
}

export const handler = apiHandler(operation);
