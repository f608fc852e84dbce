import { dailyDownloadOperation } from '../app/daily-http.js';
import { apiHandler } from '../http/api-handler.js';

/** Extension: the detached CMS signature (.p7s, provider key) of the day's file. */
export const operation = dailyDownloadOperation({
  operationId: 'agreementFileSignature',
  path: '/sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/file/signature',
  summary: 'Günlük dosyanın CMS imzası (.p7s)',
  kind: 'p7s',
  file: 'changes',
});

export const handler = apiHandler(operation);
