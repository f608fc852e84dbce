import { dailyDownloadRun } from '../app/daily-http.js';
import { apiHandler } from '../http/api-handler.js';
import { implement } from '../http/operation.js';
import { download, spec } from '../specs/agreement-timestamp.js';

export const operation = implement(spec, dailyDownloadRun(download));

export const handler = apiHandler(operation);
