import type { BatchVersion } from '../app/batches.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json, type Request } from '../http/operation.js';
import { spec } from '../specs/search-request-details.js';
import { awsBatchReports } from '../wiring/batches.js';

/** The composition root: the use cases and their AWS ports, built once per cold start (V2's too). */
const batches = awsBatchReports();

export function runDetails(version: BatchVersion) {
  return async (req: Request<unknown, unknown>) =>
    json(
      200,
      await batches.requestDetails(
        { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
        req.path.requestId ?? '',
        version,
      ),
    );
}

export const operation = implement(spec, runDetails('v1'));

export const handler = apiHandler(operation);
