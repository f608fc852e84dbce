import { dailyListOperation } from '../app/daily-http.js';
import { apiHandler } from '../http/api-handler.js';

/** Detached CMS signature (.p7s, provider key) of a day list. */
export const operation = dailyListOperation('p7s', {
  operationId: 'dailyListSignature',
  suffix: '/signature',
  summary: 'Günlük listenin CMS imzası (.p7s)',
});

export const handler = apiHandler(operation);
