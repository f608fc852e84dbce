import { defineSpec } from '../http/operation.js';
import { receiptPending, receiptResponse } from '../schemas/evidence.js';
import { errorBody } from '../schemas/identity.js';

export const spec = defineSpec({
  operationId: 'consentReceipt',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/receipts/{transactionId}',
  summary: 'Hareket makbuzu: kayıt, Merkle kapsama kanıtı, imzalı ve zaman damgalı kontrol noktası',
  tag: 'EVIDENCE',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: {
    200: { description: 'Receipt', schema: receiptResponse },
    202: { description: 'Not logged or not sealed yet, and when it will be', schema: receiptPending },
    404: { description: 'X002: no such transaction for this brand', schema: errorBody },
  },
});
