import { clock } from '../adapters/clock.js';
import { env } from '../adapters/env.js';
import { sendMessages } from '../adapters/queues.js';
import { acceptBatch, type BatchVersion } from '../app/batches.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json, type Request } from '../http/operation.js';
import { spec } from '../specs/add-batch-consent.js';

export function runBatch(version: BatchVersion) {
  return async (req: Request<unknown, unknown>) => {
    const r = await acceptBatch(
      { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
      req.body,
      version,
      clock.now(),
      (messages) => sendMessages(env.batchQueue(), messages),
    );
    return json(202, r);
  };
}

export const operation = implement(spec, runBatch('v1'));

export const handler = apiHandler(operation);
