import { type DailyDownload, dailyDownloadSpec } from './daily-download.js';

/** RFC 3161 response (.tsr) over the SHA-384 of a day list. */
export const download: DailyDownload = {
  operationId: 'dailyListTimeStamp',
  path: '/sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/lists/{list}/timestamp',
  summary: 'Günlük listenin zaman damgası (.tsr)',
  kind: 'tsr',
};

export const spec = dailyDownloadSpec(download);
