import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';
import { pushBodyMessages, pushMessage, pushRegistrationBody } from '../schemas/push.js';

/** The channels a registration names (an integrator needs write rights on each). */
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

export const spec = defineSpec({
  operationId: 'pushRegistration',
  method: 'POST',
  path: '/sps/{iysCode}/brands/{brandCode}/push/registration',
  summary:
    'İzin Hareketi İletimi (Push) - Bağlantı Oluşturma (https, Basic auth, 5 sn; tür başına en fazla 2 aktif bağlantı)',
  tag: 'İZİN YÖNETİMİ',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'write', channelsFrom: (r) => channelsOf(r.body) },
  body: pushRegistrationBody,
  bodyErrorCode: 'H097',
  bodyMessages: pushBodyMessages,
  responses: {
    200: { description: 'Bağlantı oluşturuldu', schema: pushMessage },
    400: { description: 'H014, H097', schema: errorBody },
    403: { description: 'H353', schema: errorBody },
    422: { description: 'H191 (zaman aşımı), H530, H531, H111, H117, H093', schema: errorBody },
  },
});
