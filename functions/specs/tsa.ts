import { defineSpec } from '../http/operation.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'timeStamp',
  method: 'POST',
  path: '/tsa',
  summary: 'RFC 3161 zaman damgası (policy 1.3.6.1.4.1.99999.1.1)',
  tag: 'EVIDENCE',
  auth: 'none',
  responses: {
    200: { description: 'TimeStampResp (DER): granted, or rejection with failInfo' },
    415: { description: 'X004: Content-Type must be application/timestamp-query', schema: errorBody },
  },
});
