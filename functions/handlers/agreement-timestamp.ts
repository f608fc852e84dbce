import { dailyDownloadOperation } from '../app/daily-http.js';
import { apiHandler } from '../http/api-handler.js';

/** agreementTimeStamp: the RFC 3161 response (.tsr) over the SHA-384 of the day's file. */
export const operation = dailyDownloadOperation({
  operationId: 'agreementTimeStamp',
  path: '/sps/{iysCode}/brands/{brandCode}/agreements/{reportDate}/timestamp',
  summary: 'Zaman Damgası Özet Dosyası İndirme',
  kind: 'tsr',
  file: 'changes',
});

export const handler = apiHandler(operation);
