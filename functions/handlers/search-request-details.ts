import { type BatchVersion, requestDetails } from '../app/batches.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json, type Request } from '../http/operation.js';
import { spec } from '../specs/search-request-details.js';

export function runDetails(version: BatchVersion) {
  return async (req: Request<unknown, unknown>) =>
    json(
      200,
      await requestDetails(
        { iysCode: req.codes.iysCode!, brandCode: req.codes.brandCode! },
        req.path.requestId ?? '',
        version,
      ),
    );
}

export const operation = implement(spec, runDetails('v1'));

export const handler = apiHandler(operation);
