import { clock } from '../adapters/clock.js';
import { readWatermark } from '../adapters/watermark-store.js';
import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/receipt.js';
import { awsCheckpointReads } from '../wiring/evidence-log.js';

/** Proof that a movement is in the provider's signed, time-stamped log (202 until the next checkpoint). */

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const checkpoints = awsCheckpointReads();

export const operation = implement(spec, async (req) => {
  const now = clock.now();
  const r = await checkpoints.receipt(
    req.codes.iysCode!,
    req.codes.brandCode!,
    req.path.transactionId ?? '',
    await readWatermark(),
  );
  if (r.kind === 'unknown')
    throw IysError.of('X002', { location: ['transactionId'], value: req.path.transactionId });
  if (r.kind === 'sealed') return json(200, r.receipt);
  const wait = checkpoints.receiptWait(r, now);
  return json(202, wait.body, { 'retry-after': String(wait.body.retryAfterSeconds) });
});

export const handler = apiHandler(operation);
