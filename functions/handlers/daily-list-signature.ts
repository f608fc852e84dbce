import { dailyDownloadOperation } from '../app/daily-http.js';
import { apiHandler } from '../http/api-handler.js';

/** Detached CMS signature (.p7s, provider key) of a day list. */
export const operation = dailyDownloadOperation({
  operationId: 'dailyListSignature',
  path: '/sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/lists/{list}/signature',
  summary: 'Günlük listenin CMS imzası (.p7s)',
  kind: 'p7s',
});

export const handler = apiHandler(operation);
