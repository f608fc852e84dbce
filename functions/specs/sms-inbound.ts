import { z } from 'zod';
import { defineSpec } from '../http/operation.js';
import { smsInboundBody } from '../schemas/citizen.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'smsInbound',
  method: 'POST',
  path: '/channels/sms/inbound',
  summary: 'Kısa numara SMS webhook: RET <KISAAD|markaKodu> (kaynak IYS_KISAMESAJ); X-Signature ile imzalı',
  tag: 'KANALLAR',
  auth: 'none',
  // The handler checks the signature before the pipeline validates the body (verifyCaller).
  body: smsInboundBody,
  responses: {
    200: {
      description: 'İşlendi; yanıt SMS çıkış kutusundan gider',
      schema: z.object({ outcome: z.string(), changes: z.number() }),
    },
    401: { description: 'X046', schema: errorBody },
    422: { description: 'X008, X049', schema: errorBody },
  },
});
