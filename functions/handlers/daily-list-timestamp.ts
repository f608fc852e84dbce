import { dailyDownloadOperation } from '../app/daily-http.js';
import { apiHandler } from '../http/api-handler.js';

/** RFC 3161 response (.tsr) over the SHA-384 of a day list. */
export const operation = dailyDownloadOperation({
  operationId: 'dailyListTimeStamp',
  path: '/sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/lists/{list}/timestamp',
  summary: 'Günlük listenin zaman damgası (.tsr)',
  kind: 'tsr',
});

export const handler = apiHandler(operation);
