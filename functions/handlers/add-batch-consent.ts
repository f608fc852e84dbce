import type { BatchVersion } from '../app/batches.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json, type Request } from '../http/operation.js';
import { spec } from '../specs/add-batch-consent.js';
import { awsBatchIntake } from '../wiring/batch-intake.js';

/** The composition root: the use cases and their AWS ports, built once per cold start (V2's too). */
const batches = awsBatchIntake();

export function runBatch(version: BatchVersion) {
  return async (req: Request<unknown, unknown>) => {
    const r = await batches.acceptBatch(
      { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
      req.body,
      version,
    );
    return json(202, r);
  };
}

export const operation = implement(spec, runBatch('v1'));

export const handler = apiHandler(operation);
