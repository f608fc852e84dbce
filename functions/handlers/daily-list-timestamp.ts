import { dailyListOperation } from '../app/daily-http.js';
import { apiHandler } from '../http/api-handler.js';

/** RFC 3161 response (.tsr) over the SHA-384 of a day list. */
export const operation = dailyListOperation('tsr', {
  operationId: 'dailyListTimeStamp',
  suffix: '/timestamp',
  summary: 'Günlük listenin zaman damgası (.tsr)',
});

export const handler = apiHandler(operation);
