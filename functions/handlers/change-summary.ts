import { IysError } from '../domain/errors.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { recipientTypeParam } from '../schemas/reconciliation.js';
import { spec } from '../specs/change-summary.js';
import { awsReconciliation } from '../wiring/daily.js';

/**
 * changeSummary: the day's movement counts per channel and source group (HS = sent by the provider, IYS =
 * made by recipients). approval counts ONAY movements, rejection RET movements (a first RET is refused, so
 * every RET is ONAY→RET), pending is 0 (batches are applied before their movements exist).
 */

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const daily = awsReconciliation();

export const operation = implement(spec, async (req) => {
  const date = daily.checkReportDate(req.path.reportDate);
  const rt = recipientTypeParam.safeParse(req.path.recipientType);
  if (!rt.success) throw IysError.of('H116', { location: ['recipientType'], value: req.path.recipientType });
  return json(200, await daily.changeSummary(req.codes.iysCode!, req.codes.brandCode!, date, rt.data));
});

export const handler = apiHandler(operation);
