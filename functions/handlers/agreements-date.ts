import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/agreements-date.js';
import { awsReconciliation } from '../wiring/daily.js';

/** agreementsDate: the SHA-384 of the day's file (lower-case hex) and whether the provider agreed; 204 without a file. */

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const daily = awsReconciliation();

export const operation = implement(spec, async (req) => {
  const date = daily.checkReportDate(req.path.reportDate);
  const m = await daily.manifest(req.codes.iysCode!, req.codes.brandCode!, date);
  if (!m) return json(204);
  return json(200, {
    processStatus: 'completed',
    hashValue: m.files.changes.sha384,
    hashMethod: 'SHA384',
    agreementStatus: m.agreementStatus === true,
  });
});

export const handler = apiHandler(operation);
