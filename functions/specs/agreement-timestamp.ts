import { type DailyDownload, dailyDownloadSpec } from './daily-download.js';

/** agreementTimeStamp: the RFC 3161 response (.tsr) over the SHA-384 of the day's file. */
export const download: DailyDownload = {
  operationId: 'agreementTimeStamp',
  path: '/sps/{iysCode}/brands/{brandCode}/agreements/{reportDate}/timestamp',
  summary: 'Zaman Damgası Özet Dosyası İndirme',
  kind: 'tsr',
  file: 'changes',
};

export const spec = dailyDownloadSpec(download);
