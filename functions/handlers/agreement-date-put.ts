import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/agreement-date-put.js';
import { awsReconciliation } from '../wiring/daily.js';

/** agreementDatePut: records the provider's agreement with the day's file; only `true` (H512); 204 without a file. */

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const daily = awsReconciliation();

export const operation = implement(spec, async (req) => {
  const date = daily.checkReportDate(req.path.reportDate);
  const ok = await daily.recordAgreement(req.codes.iysCode!, req.codes.brandCode!, date);
  return ok ? json(200, { agreementCaptured: true }) : json(204);
});

export const handler = apiHandler(operation);
