import { setAgreement } from '../adapters/evidence-store.js';
import { checkReportDate } from '../app/daily.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/agreement-date-put.js';

/** agreementDatePut: records the provider's agreement with the day's file; only `true` (H512); 204 without a file. */

export const operation = implement(spec, async (req) => {
  const date = checkReportDate(req.path.reportDate);
  const ok = await setAgreement(req.codes.iysCode!, req.codes.brandCode!, date);
  return ok ? json(200, { agreementCaptured: true }) : json(204);
});

export const handler = apiHandler(operation);
