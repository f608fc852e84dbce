import { dailyDownloadOperation } from '../app/daily-http.js';
import { apiHandler } from '../http/api-handler.js';

/** The day's approvals (ONAY) or rejections (RET) list, same columns as the day file. */
export const operation = dailyDownloadOperation({
  operationId: 'dailyList',
  path: '/sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/lists/{list}',
  summary: 'Günlük onay / ret listesi (CSV)',
  kind: 'csv',
});

export const handler = apiHandler(operation);
