import { clock } from '../adapters/clock.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/authority-complaints-update.js';
import { awsAuthority } from '../wiring/authority.js';

/** The composition root: the authority use cases and their AWS ports, built once per cold start. */
const authority = awsAuthority();

export const operation = implement(spec, async (req) =>
  json(
    200,
    await authority.updateForAuthority(
      req.identity!,
      req.path.complaintId ?? '',
      req.body,
      req.requestId,
      clock.now(),
    ),
  ),
);

export const handler = apiHandler(operation);
