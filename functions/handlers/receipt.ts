import { clock } from '../adapters/clock.js';
import { readWatermark } from '../adapters/watermark-store.js';
import { receipt, receiptWait } from '../app/evidence-log.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { defineOperation, json } from '../http/operation.js';
import { receiptPending, receiptResponse } from '../schemas/evidence.js';
import { errorBody } from '../schemas/identity.js';

/** Proof that a movement is in the provider's signed, time-stamped log (202 until the next checkpoint). */
export const operation = defineOperation({
  operationId: 'consentReceipt',
  method: 'GET',
  path: '/sps/{iysCode}/brands/{brandCode}/consents/{transactionId}/receipt',
  summary: 'Hareket makbuzu: kayıt, Merkle kapsama kanıtı, imzalı ve zaman damgalı kontrol noktası',
  tag: 'EVIDENCE',
  auth: 'bearer',
  rights: { actors: ['HS', 'INTEGRATOR'], mode: 'read' },
  responses: {
    200: { description: 'Receipt', schema: receiptResponse },
    202: { description: 'Not logged or not sealed yet, and when it will be', schema: receiptPending },
    404: { description: 'X002: no such transaction for this brand', schema: errorBody },
  },
  run: async (req) => {
    const now = clock.now();
    const r = await receipt(
      req.codes.iysCode!,
      req.codes.brandCode!,
      req.path.transactionId ?? '',
      await readWatermark(),
    );
    if (r.kind === 'unknown')
      throw IysError.of('X002', { location: ['transactionId'], value: req.path.transactionId });
    if (r.kind === 'sealed') return json(200, r.receipt);
    const wait = receiptWait(r, now);
    return json(202, wait.body, { 'retry-after': String(wait.body.retryAfterSeconds) });
  },
});

export const handler = apiHandler(operation);
