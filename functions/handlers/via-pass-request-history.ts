import { IysError } from '../domain/errors.js';
import { checkPaging } from '../domain/via/pass.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/via-pass-request-history.js';
import { awsViaPass } from '../wiring/via-pass.js';

/** The composition root: the ViA PASS use cases and their AWS ports, built once per cold start. */
const viaPass = awsViaPass();

export const operation = implement(spec, async (req) => {
  const paging = checkPaging((req.query ?? {}) as Record<string, string | undefined>);
  if (!paging.ok) throw new IysError(paging.errors);
  return json(200, await viaPass.requestHistory(req.body, paging.value, req.identity!), {
    trace_id: req.requestId,
  });
});

export const handler = apiHandler(operation);
