import { checkReportDate, manifest } from '../app/daily.js';
import { apiHandler } from '../http/api-handler.js';
import { implement, json } from '../http/operation.js';
import { spec } from '../specs/agreements-date.js';

/** agreementsDate: the SHA-384 of the day's file (lower-case hex) and whether the provider agreed; 204 without a file. */

export const operation = implement(spec, async (req) => {
  const date = checkReportDate(req.path.reportDate);
  const m = await manifest(req.codes.iysCode!, req.codes.brandCode!, date);
  if (!m) return json(204);
  return json(200, {
    processStatus: 'completed',
    hashValue: m.files.changes.sha384,
    hashMethod: 'SHA384',
    agreementStatus: m.agreementStatus === true,
  });
});

export const handler = apiHandler(operation);
