import { clock } from '../adapters/clock.js';
import { changeConsent } from '../app/citizens.js';
import { checkChannel, parseAddress } from '../domain/citizen.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { callCentreBody, recordedChange } from '../schemas/citizen.js';
import { errorBody } from '../schemas/identity.js';

export const operation = defineOperation({
  operationId: 'callCentreConsent',
  method: 'POST',
  path: '/channels/call-centre/consents',
  summary: 'Çağrı merkezi temsilcisi: alıcı adına izin değişikliği (kaynak IYS_CM)',
  tag: 'KANALLAR',
  auth: 'bearer',
  rights: { actors: ['CALL_CENTRE'] },
  body: callCentreBody,
  responses: {
    200: { description: 'Kaydedildi', schema: recordedChange },
    403: { description: 'H363', schema: errorBody },
    404: { description: 'H001, H018, X044', schema: errorBody },
    422: { description: 'H110–H121, H464', schema: errorBody },
  },
  run: async (req) => {
    const address = parseAddress(req.body.recipient);
    checkChannel(address, req.body.type);
    const { recipient: _r, ...t } = req.body;
    const r = await changeConsent(address.value, t, 'IYS_CM', clock.now(), undefined, { allowCreate: true });
    return json(200, { transactionId: r.transactionId, creationDate: r.creationDate });
  },
});

export const handler = apiHandler(operation);
