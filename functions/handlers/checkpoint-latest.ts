import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/checkpoint-latest.js';
import { awsCheckpointReads } from '../wiring/evidence-log.js';

/** The provider's latest signed checkpoint (204 before the first one). */

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const checkpoints = awsCheckpointReads();

export const operation = implement(spec, async (req) => {
  const cp = await checkpoints.latest(req.codes.iysCode!);
  return cp ? json(200, cp) : json(204);
});

export const handler = apiHandler(operation);
