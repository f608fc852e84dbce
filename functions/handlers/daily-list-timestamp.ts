import { dailyDownloadRun } from '../app/daily-http.js';
import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { download, spec } from '../specs/daily-list-timestamp.js';
import { awsReconciliation } from '../wiring/daily.js';

/** The composition root: the use cases and their AWS ports, built once per cold start. */
const daily = awsReconciliation();

export const operation = implement(spec, dailyDownloadRun(daily, download));

export const handler = apiHandler(operation);
