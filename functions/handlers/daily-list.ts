import { dailyListOperation } from '../app/daily-http.js';
import { apiHandler } from '../http/api-handler.js';

/** The day's approvals (ONAY) or rejections (RET) list, same columns as the day file. */
export const operation = dailyListOperation('csv', {
  operationId: 'dailyList',
  suffix: '',
  summary: 'Günlük onay / ret listesi (CSV)',
});

export const handler = apiHandler(operation);
