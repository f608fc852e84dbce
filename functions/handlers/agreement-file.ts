import { dailyDownloadOperation } from '../app/daily-http.js';
import { apiHandler } from '../http/api-handler.js';

/** agreementFile: the day's movement CSV (columns and order of iys-reference §7.11). */
export const operation = dailyDownloadOperation({
  operationId: 'agreementFile',
  path: '/sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/file',
  summary: 'Günlük İzin Hareket Dosyası İndirme',
  kind: 'csv',
  file: 'changes',
});

export const handler = apiHandler(operation);
